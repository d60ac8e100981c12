package io.chorus.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import io.chorus.gateway.support.RawHttp;
import io.chorus.test.TestTokens;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.core.io.buffer.DefaultDataBufferFactory;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.test.web.reactive.server.EntityExchangeResult;
import org.springframework.web.reactive.function.client.WebClient;
import reactor.core.publisher.Flux;

/** Size limits, rate limits, failing downstreams and hostile input: rejected, and the gateway keeps serving. */
class ProtectionIntegrationTests extends GatewayTestBase {

    @org.springframework.beans.factory.annotation.Autowired
    org.springframework.data.redis.core.ReactiveStringRedisTemplate redis;

    /**
     * A lease takes 4 tokens from the user's Redis bucket in one call and serves the next 3 requests without Redis;
     * the bucket in Redis shows it (burst 10: 6 after the first request, still 6 after the fourth, 2 after the
     * fifth), and every answer counts the lease in X-RateLimit-Remaining.
     */
    @Test
    void tokensAreLeasedFourAtATimeFromTheUsersRedisBucket() {
        String user = "leased-" + System.nanoTime();
        String token = TestTokens.user(user);
        String bucket =
                "request_rate_limiter.{user." + user + "}.tokens"; // {routeId.id}; routeId is the shared bucket "user"
        List<String> remaining = new ArrayList<>();
        List<String> inRedis = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            remaining.add(gateway()
                    .get()
                    .uri("/api/rooms/lobby")
                    .headers(h -> h.setBearerAuth(token))
                    .exchange()
                    .expectStatus()
                    .isOk()
                    .returnResult(String.class)
                    .getResponseHeaders()
                    .getFirst("X-RateLimit-Remaining"));
            inRedis.add(redis.opsForValue().get(bucket).block(Duration.ofSeconds(5)));
        }
        // the test finishes well within a second on any machine that answers at all; a refill (5/s) in between
        // would only raise the Redis figures, so compare the first four exactly and the rest as at most
        assertThat(inRedis.subList(0, 4)).containsOnly(inRedis.get(0));
        assertThat(Integer.parseInt(inRedis.get(0))).isBetween(6, 6 + 5);
        assertThat(Integer.parseInt(inRedis.get(4))).isLessThan(Integer.parseInt(inRedis.get(0)) + 5 - 3);
        assertThat(remaining.get(0)).isEqualTo(Integer.toString(Integer.parseInt(inRedis.get(0)) + 3));
        assertThat(remaining.get(3)).isEqualTo(inRedis.get(0));
    }

    @Test
    void aDeclaredOversizedBodyIs413Problem() {
        int before = ROOMS.received().size();
        gateway()
                .post()
                .uri("/api/rooms/lobby/messages")
                .headers(h -> h.setBearerAuth(TestTokens.user("big-" + System.nanoTime())))
                .contentType(MediaType.APPLICATION_JSON)
                .bodyValue("{\"text\":\"" + "x".repeat(2000) + "\"}")
                .exchange()
                .expectStatus()
                .isEqualTo(413)
                .expectHeader()
                .contentType(MediaType.APPLICATION_PROBLEM_JSON)
                .expectBody()
                .jsonPath("$.code")
                .isEqualTo("too_large")
                .jsonPath("$.status")
                .isEqualTo(413);
        assertThat(ROOMS.received()).hasSize(before);
        gatewayStillServes();
    }

    @Test
    void aChunkedBodyIsCutOffAtTheLimitWith413() {
        var factory = DefaultDataBufferFactory.sharedInstance;
        Flux<DataBuffer> body = Flux.range(0, 40).map(i -> factory.wrap(new byte[100]));
        gateway()
                .post()
                .uri("/api/rooms/lobby/messages")
                .headers(h -> h.setBearerAuth(TestTokens.user("chunked-" + System.nanoTime())))
                .contentType(MediaType.APPLICATION_OCTET_STREAM)
                .body(body, DataBuffer.class)
                .exchange()
                .expectStatus()
                .isEqualTo(413)
                .expectBody()
                .jsonPath("$.code")
                .isEqualTo("too_large");
        assertThat(ROOMS.received().stream()
                        .mapToInt(r -> (int) r.get("bodyBytes"))
                        .max()
                        .orElse(0))
                .isLessThanOrEqualTo(1024);
        gatewayStillServes();
    }

    @Test
    void overTheLimitIs429ProblemWithRetryAfter() {
        String token = TestTokens.user("greedy-" + System.nanoTime());
        List<EntityExchangeResult<byte[]>> results = new ArrayList<>();
        long start = System.nanoTime();
        for (int i = 0; i < 30; i++) {
            results.add(gateway()
                    .get()
                    .uri("/api/rooms/lobby")
                    .headers(h -> h.setBearerAuth(token))
                    .exchange()
                    .expectBody()
                    .returnResult());
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        long allowed =
                results.stream().filter(r -> r.getStatus().value() == 200).count();
        List<EntityExchangeResult<byte[]>> limited =
                results.stream().filter(r -> r.getStatus().value() == 429).toList();
        // burst 10, then 5 per second: the first 10 pass, later ones only as tokens come back. The limiter
        // refills by Redis TIME in whole seconds, so crossing a second boundary can return 5 tokens at once.
        assertThat(results.subList(0, 10)).allMatch(r -> r.getStatus().value() == 200);
        assertThat(allowed + limited.size()).isEqualTo(30);
        assertThat(allowed).isLessThanOrEqualTo(10 + 5 * ((long) Math.ceil(seconds) + 1));
        assertThat(limited).isNotEmpty();
        var first = limited.get(0);
        assertThat(first.getResponseHeaders().getFirst(HttpHeaders.RETRY_AFTER)).isEqualTo("1");
        assertThat(first.getResponseHeaders().getContentType()).isEqualTo(MediaType.APPLICATION_PROBLEM_JSON);
        assertThat(new String(first.getResponseBody()))
                .contains("\"code\":\"rate_limited\"")
                .contains("\"status\":429");
        // another user is not affected
        gatewayStillServes();
    }

    @Test
    void aStoppedDownstreamIs503ProblemWithinTheTimeout() {
        String token = TestTokens.user("orphan-" + System.nanoTime());
        // warm the route first: the measure is about the stopped service, not the first request's class loading
        gateway()
                .get()
                .uri("/api/groups/warm")
                .headers(h -> h.setBearerAuth(token))
                .exchange()
                .expectStatus()
                .isOk();
        GROUPS.stop();
        try {
            long start = System.nanoTime();
            gateway()
                    .get()
                    .uri("/api/groups/g1")
                    .headers(h -> h.setBearerAuth(token))
                    .exchange()
                    .expectStatus()
                    .isEqualTo(HttpStatus.SERVICE_UNAVAILABLE)
                    .expectHeader()
                    .contentType(MediaType.APPLICATION_PROBLEM_JSON)
                    .expectHeader()
                    .exists(HttpHeaders.RETRY_AFTER)
                    .expectBody()
                    .jsonPath("$.code")
                    .isEqualTo("unavailable")
                    .jsonPath("$.status")
                    .isEqualTo(503)
                    .jsonPath("$.instance")
                    .isEqualTo("/api/groups/g1");
            // a refused connection needs no timeout: bounded by the connect (0.5 s) and response (1 s) timeouts
            assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofMillis(1500));
            gatewayStillServes();
        } finally {
            GROUPS.start();
        }
    }

    @Test
    void aSlowDownstreamIs503ProblemAtTheResponseTimeout() {
        long start = System.nanoTime();
        gateway()
                .get()
                .uri("/api/presence/slow")
                .headers(h -> h.setBearerAuth(TestTokens.user("patient-" + System.nanoTime())))
                .exchange()
                .expectStatus()
                .isEqualTo(HttpStatus.SERVICE_UNAVAILABLE)
                .expectBody()
                .jsonPath("$.code")
                .isEqualTo("unavailable");
        Duration took = Duration.ofNanos(System.nanoTime() - start);
        // response timeout 1 s, and a timed-out call is not retried
        assertThat(took).isBetween(Duration.ofMillis(900), Duration.ofMillis(2500));
        assertThat(PRESENCE.calls("/api/presence/slow")).isEqualTo(1);
    }

    @Test
    void manyConcurrentCallsOnOneRouteAreAllServed() {
        // no bulkhead caps a route: 60 calls in flight at once (each 300 ms downstream) all succeed
        var client = WebClient.create("http://127.0.0.1:" + port);
        List<Integer> statuses = Flux.range(0, 60)
                .flatMap(
                        i -> client.get()
                                .uri("/api/rooms/busy")
                                .headers(h -> h.setBearerAuth(TestTokens.user("crowd-" + i + "-" + System.nanoTime())))
                                .exchangeToMono(response -> response.releaseBody()
                                        .thenReturn(response.statusCode().value())),
                        60)
                .collectList()
                .block(Duration.ofSeconds(30));
        assertThat(statuses).hasSize(60).containsOnly(200);
    }

    @Test
    void onlyIdempotentGetsAreRetried() {
        String token = TestTokens.user("flaky-" + System.nanoTime());
        gateway()
                .get()
                .uri("/api/rooms/get-me/flaky")
                .headers(h -> h.setBearerAuth(token))
                .exchange()
                .expectStatus()
                .isOk();
        assertThat(ROOMS.calls("/api/rooms/get-me/flaky")).isEqualTo(2);
        gateway()
                .post()
                .uri("/api/rooms/post-me/flaky")
                .headers(h -> h.setBearerAuth(token))
                .contentType(MediaType.APPLICATION_JSON)
                .bodyValue("{}")
                .exchange()
                .expectStatus()
                .isEqualTo(HttpStatus.SERVICE_UNAVAILABLE);
        assertThat(ROOMS.calls("/api/rooms/post-me/flaky")).isEqualTo(1);
    }

    @Test
    void pathTraversalIsA400ProblemAndNeverReachesAService() throws Exception {
        String token = TestTokens.user("traveller-" + System.nanoTime());
        int before = ROOMS.received().size();
        for (String path : List.of(
                "/api/rooms/..%2F..%2Finternal/rooms/lobby/snapshot",
                "/api/rooms/%2e%2e/%2e%2e/internal/rooms/lobby/snapshot",
                "/api/rooms/..%5C..%5Cinternal",
                "/api/rooms/lobby%00/x",
                "/api/rooms/;/../../internal/x",
                "/api/rooms//internal/x",
                "//internal/rooms/lobby/snapshot")) {
            gateway()
                    .get()
                    .uri(URI.create("http://127.0.0.1:" + port + path))
                    .headers(h -> h.setBearerAuth(token))
                    .exchange()
                    .expectStatus()
                    .isBadRequest()
                    .expectHeader()
                    .contentType(MediaType.APPLICATION_PROBLEM_JSON)
                    .expectBody()
                    .jsonPath("$.status")
                    .isEqualTo(400)
                    .jsonPath("$.code")
                    .isEqualTo("bad_request");
        }
        String raw = RawHttp.exchange(
                port,
                "GET /api/rooms/../../internal/rooms/lobby/snapshot HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer "
                        + token + "\r\nConnection: close\r\n\r\n");
        assertThat(raw).startsWith("HTTP/1.1 400");
        assertThat(raw).contains("application/problem+json").contains("\"code\":\"bad_request\"");
        assertThat(ROOMS.received()).hasSize(before);
        gatewayStillServes();
    }

    @Test
    void headerInjectionIsRejectedOrNeutralised() throws Exception {
        String token = TestTokens.user("injector-" + System.nanoTime());
        // a bare CR inside a header value, and a header name with a space: malformed, refused by the server
        String crInValue = RawHttp.exchange(
                port,
                "GET /api/rooms/lobby HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer " + token
                        + "\r\nX-Note: a\rX-Injected: yes\r\nConnection: close\r\n\r\n");
        String spaceInName = RawHttp.exchange(
                port,
                "GET /api/rooms/lobby HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer " + token
                        + "\r\nX Injected: yes\r\nConnection: close\r\n\r\n");
        assertThat(crInValue).startsWith("HTTP/1.1 400");
        assertThat(spaceInName).startsWith("HTTP/1.1 400");
        // an encoded CRLF in the path stays data: no header is born downstream
        gateway()
                .get()
                .uri(URI.create("http://127.0.0.1:" + port + "/api/rooms/lobby%0d%0aX-Injected:%20yes"))
                .headers(h -> h.setBearerAuth(token))
                .exchange()
                .returnResult(String.class);
        // request smuggling: Content-Length and Transfer-Encoding together
        String smuggled = RawHttp.exchange(
                port,
                "POST /api/rooms/lobby/messages HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer " + token
                        + "\r\nContent-Length: 4\r\nTransfer-Encoding: chunked\r\nConnection: close\r\n\r\n"
                        + "0\r\n\r\nGET /internal/rooms/lobby/snapshot HTTP/1.1\r\nHost: x\r\n\r\n");
        assertThat(smuggled).doesNotContain("\"path\":\"/internal");
        assertThat(ROOMS.received())
                .extracting(r -> (Map<?, ?>) r.get("headers"))
                .noneMatch(headers -> headers.containsKey("x-injected"));
        assertThat(ROOMS.received())
                .noneMatch(r -> String.valueOf(r.get("path")).startsWith("/internal"));
        gatewayStillServes();
    }

    @Test
    void hugeHeadersAre431() throws Exception {
        String token = TestTokens.user("heavy-" + System.nanoTime());
        String answer = RawHttp.exchange(
                port,
                "GET /api/rooms/lobby HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer " + token + "\r\nX-Big: "
                        + "a".repeat(20_000) + "\r\nConnection: close\r\n\r\n");
        assertThat(answer).startsWith("HTTP/1.1 431");
        gatewayStillServes();
    }

    @Test
    void aSlowlorisBodyIsCutOffAtTheRequestTimeout() throws Exception {
        String token = TestTokens.user("slowloris-" + System.nanoTime());
        long start = System.nanoTime();
        var result = RawHttp.slowBody(
                port,
                "POST /api/rooms/lobby/messages HTTP/1.1\r\nHost: x\r\nAuthorization: Bearer " + token
                        + "\r\nContent-Type: application/json\r\nContent-Length: 1000\r\n\r\n",
                1000,
                250);
        Duration took = Duration.ofNanos(System.nanoTime() - start);
        System.out.println(
                "slowloris: answer=" + result.answer().lines().findFirst().orElse("(closed)") + " sent="
                        + result.bodyBytesSent() + " took=" + took);
        // request timeout 2 s: at 4 bytes a second the 1000-byte body would take over 4 minutes
        assertThat(result.bodyBytesSent()).isLessThan(1000);
        assertThat(took).isLessThan(Duration.ofSeconds(6));
        assertThat(result.answer()).doesNotContain("\"service\":\"room-service\"");
        gatewayStillServes();
    }
}
