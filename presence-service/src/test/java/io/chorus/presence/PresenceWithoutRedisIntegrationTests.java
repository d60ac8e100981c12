package io.chorus.presence;

import io.chorus.protocol.PresenceBatch;
import io.chorus.protocol.ViewerBatch;
import io.chorus.test.TestTokens;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.webtestclient.autoconfigure.AutoConfigureWebTestClient;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.reactive.server.WebTestClient;

/**
 * presence-service whose Redis is down (a closed port): every endpoint that needs Redis answers 503
 * problem+json {@code unavailable} with {@code Retry-After}, which callers retry, never a 500; input that is
 * bad anyway is still a 400.
 */
@SpringBootTest(
        webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {"chorus.jwt.secret=" + TestTokens.SECRET, "spring.data.redis.connect-timeout=1s"})
@AutoConfigureWebTestClient(timeout = "20s")
class PresenceWithoutRedisIntegrationTests {

    @DynamicPropertySource
    static void redisOnAClosedPort(DynamicPropertyRegistry registry) {
        int closed;
        try (ServerSocket socket = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            closed = socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        registry.add("spring.data.redis.host", () -> "127.0.0.1");
        registry.add("spring.data.redis.port", () -> closed);
    }

    @Autowired
    WebTestClient web;

    @Test
    void everyCallThatNeedsRedisAnswers503WithRetryAfter() {
        String service = TestTokens.user("connection-service", "service");
        String user = TestTokens.user("u1");
        expectUnavailable(web.post()
                .uri("/internal/presence/lookup")
                .headers(headers -> headers.setBearerAuth(service))
                .bodyValue(Map.of("users", List.of("u1", "u2"))));
        expectUnavailable(web.post()
                .uri("/internal/presence/batch")
                .headers(headers -> headers.setBearerAuth(service))
                .bodyValue(new PresenceBatch("i1", List.of(new PresenceBatch.Event("u1", "d", true, 1)))));
        expectUnavailable(web.post()
                .uri("/internal/rooms/viewers")
                .headers(headers -> headers.setBearerAuth(service))
                .bodyValue(new ViewerBatch(Map.of("r1", List.of("u1")))));
        expectUnavailable(web.get()
                .uri("/internal/rooms/{room}/viewers", "r1")
                .headers(headers -> headers.setBearerAuth(service)));
        expectUnavailable(web.get().uri("/api/presence/{user}", "u2").headers(headers -> headers.setBearerAuth(user)));
        expectUnavailable(web.post()
                .uri("/api/presence/query")
                .headers(headers -> headers.setBearerAuth(user))
                .bodyValue(Map.of("users", List.of("u2"))));
        expectUnavailable(web.put()
                .uri("/api/presence/subscriptions")
                .headers(headers -> headers.setBearerAuth(user))
                .bodyValue(Map.of("users", List.of("u2"))));
    }

    @Test
    void theInstancesEndpointAnswers503NotA500() {
        web.get()
                .uri("/actuator/instances")
                .headers(headers -> headers.setBearerAuth(TestTokens.user("ops", "admin")))
                .exchange()
                .expectStatus()
                .isEqualTo(HttpStatus.SERVICE_UNAVAILABLE)
                .expectBody()
                .jsonPath("$.code")
                .isEqualTo("unavailable");
    }

    @Test
    void badInputIsStillABadRequest() {
        web.post()
                .uri("/internal/presence/lookup")
                .headers(headers -> headers.setBearerAuth(TestTokens.user("connection-service", "service")))
                .bodyValue(Map.of("users", List.of("not valid")))
                .exchange()
                .expectStatus()
                .isBadRequest()
                .expectBody()
                .jsonPath("$.code")
                .isEqualTo("bad_request");
    }

    private static void expectUnavailable(WebTestClient.RequestHeadersSpec<?> request) {
        request.exchange()
                .expectStatus()
                .isEqualTo(HttpStatus.SERVICE_UNAVAILABLE)
                .expectHeader()
                .contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON)
                .expectHeader()
                .valueEquals("Retry-After", "1")
                .expectBody()
                .jsonPath("$.status")
                .isEqualTo(503)
                .jsonPath("$.code")
                .isEqualTo("unavailable");
    }
}
