package io.chorus.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import io.chorus.gateway.support.UpgradeThreads;
import io.chorus.test.TestTokens;
import java.net.URI;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.web.reactive.socket.WebSocketMessage;
import org.springframework.web.reactive.socket.client.ReactorNettyWebSocketClient;
import reactor.core.publisher.Mono;
import reactor.core.publisher.Sinks;

/** Each path reaches its owning service; tokens are checked at the edge; WebSocket upgrades are proxied. */
class RoutingIntegrationTests extends GatewayTestBase {

    @ParameterizedTest
    @CsvSource({
        "/api/rooms, room-service",
        "/api/rooms/lobby, room-service",
        "/api/rooms/lobby/messages, room-service",
        "/api/rooms/lobby/gifts, gift-service",
        "/api/rooms/lobby/gifts?after=3&limit=10, gift-service",
        "/api/gifts/catalog, gift-service",
        "/api/me/gifts, gift-service",
        "/api/groups, group-service",
        "/api/groups/g1/messages, group-service",
        "/api/sync, group-service",
        "/api/me/conversations, group-service",
        "/api/presence/users/u1, presence-service",
    })
    void eachPathReachesItsService(String path, String service) {
        String token = TestTokens.user("router-" + System.nanoTime());
        gateway()
                .get()
                .uri(path)
                .headers(h -> h.setBearerAuth(token))
                .exchange()
                .expectStatus()
                .isOk()
                .expectBody()
                .jsonPath("$.service")
                .isEqualTo(service)
                .jsonPath("$.uri")
                .isEqualTo(path)
                // forwarded as is: the service checks the token again
                .jsonPath("$.headers.authorization")
                .isEqualTo("Bearer " + token);
    }

    @Test
    void postBodiesAreForwarded() {
        gateway()
                .post()
                .uri("/api/rooms/lobby/messages")
                .headers(h -> h.setBearerAuth(TestTokens.user("poster")))
                .contentType(MediaType.APPLICATION_JSON)
                .bodyValue("{\"text\":\"hello\"}")
                .exchange()
                .expectStatus()
                .isOk()
                .expectBody()
                .jsonPath("$.method")
                .isEqualTo("POST")
                .jsonPath("$.bodyBytes")
                .isEqualTo(16);
    }

    @Test
    void internalEndpointsAreNeverRouted() {
        int before = ROOMS.received().size()
                + GIFTS.received().size()
                + PRESENCE.received().size();
        for (String path : List.of(
                "/internal/rooms/lobby/snapshot", "/internal/rooms/lobby/viewers", "/internal/rooms/lobby/gift-seq")) {
            gateway()
                    .get()
                    .uri(path)
                    .headers(h -> h.setBearerAuth(TestTokens.user("insider", "admin", "service")))
                    .exchange()
                    .expectStatus()
                    .isNotFound()
                    .expectHeader()
                    .contentType(MediaType.APPLICATION_PROBLEM_JSON)
                    .expectBody()
                    .jsonPath("$.code")
                    .isEqualTo("not_found");
        }
        assertThat(ROOMS.received().size()
                        + GIFTS.received().size()
                        + PRESENCE.received().size())
                .isEqualTo(before);
    }

    @Test
    void noTokenIs401ProblemAndNothingIsForwarded() {
        int before = ROOMS.received().size();
        gateway()
                .get()
                .uri("/api/rooms/lobby")
                .exchange()
                .expectStatus()
                .isUnauthorized()
                .expectHeader()
                .contentType(MediaType.APPLICATION_PROBLEM_JSON)
                .expectHeader()
                .valueEquals(HttpHeaders.WWW_AUTHENTICATE, "Bearer")
                .expectBody()
                .jsonPath("$.status")
                .isEqualTo(401)
                .jsonPath("$.title")
                .isEqualTo("Unauthorized")
                .jsonPath("$.type")
                .isEqualTo("https://chorus.io/problems/unauthorized")
                .jsonPath("$.code")
                .isEqualTo("unauthorized")
                .jsonPath("$.detail")
                .exists();
        assertThat(ROOMS.received()).hasSize(before);
    }

    @ParameterizedTest
    @CsvSource({"forged", "expired", "garbage"})
    void badTokensAre401(String kind) {
        String token =
                switch (kind) {
                    case "forged" -> TestTokens.forged("mallory");
                    case "expired" -> TestTokens.expired("mallory");
                    default -> "not.a.jwt";
                };
        gateway()
                .get()
                .uri("/api/rooms/lobby")
                .headers(h -> h.setBearerAuth(token))
                .exchange()
                .expectStatus()
                .isUnauthorized()
                .expectBody()
                .jsonPath("$.code")
                .isEqualTo("unauthorized");
    }

    @Test
    void theQueryTokenIsAcceptedOnTheWebSocketPathOnly() {
        gateway()
                .get()
                .uri("/api/rooms/lobby?access_token=" + TestTokens.user("leaky"))
                .exchange()
                .expectStatus()
                .isUnauthorized();
    }

    @Test
    void webSocketUpgradeWithoutOrWithABadTokenIs401BeforeUpgrade() {
        int before = CONNECTION_A.webSockets() + CONNECTION_B.webSockets();
        for (String query : List.of("", "?access_token=" + TestTokens.forged("mallory"), "?access_token=")) {
            gateway()
                    .get()
                    .uri("/ws" + query)
                    .header(HttpHeaders.UPGRADE, "websocket")
                    .header(HttpHeaders.CONNECTION, "Upgrade")
                    .header("Sec-WebSocket-Key", "dGhlIHNhbXBsZSBub25jZQ==")
                    .header("Sec-WebSocket-Version", "13")
                    .exchange()
                    .expectStatus()
                    .isUnauthorized()
                    .expectHeader()
                    .contentType(MediaType.APPLICATION_PROBLEM_JSON);
        }
        assertThat(CONNECTION_A.webSockets() + CONNECTION_B.webSockets()).isEqualTo(before);
    }

    @Test
    void webSocketFramesAreProxiedBothWaysAcrossLoadBalancedInstances() {
        Set<String> instances = new HashSet<>();
        for (int i = 0; i < 4; i++) {
            String echo = echoThroughGateway("hello-" + i, Duration.ZERO);
            assertThat(echo)
                    .as(
                            "echo %d (instances so far %s, sockets a=%d b=%d)",
                            i, instances, CONNECTION_A.webSockets(), CONNECTION_B.webSockets())
                    .endsWith(":hello-" + i);
            instances.add(echo.substring(0, echo.indexOf(':')));
        }
        assertThat(instances).containsExactlyInAnyOrder("conn-a", "conn-b");
    }

    /**
     * The upgrade passes the Redis-backed rate limit, which completes on the Redis client's thread; answered
     * there, a frame sent right after the 101 could reach the connection before it became a WebSocket and be
     * dropped (one lost echo in twenty under CPU contention). The gateway answers on the connection's loop.
     */
    @Test
    void webSocketUpgradesAreAnsweredOnTheClientConnectionsEventLoop() {
        UpgradeThreads.ON_EVENT_LOOP.clear();
        for (int i = 0; i < 10; i++) {
            assertThat(echoThroughGateway("first-" + i, Duration.ZERO)).endsWith(":first-" + i);
        }
        assertThat(UpgradeThreads.ON_EVENT_LOOP).hasSize(10).containsOnly(true);
    }

    @Test
    void anOpenWebSocketOutlivesTheRequestTimeout() {
        // request-timeout is 2 s: it bounds receiving a request, not the life of an upgraded socket
        assertThat(echoThroughGateway("still-there", Duration.ofMillis(2500))).endsWith(":still-there");
    }

    @Test
    void corsAllowsConfiguredOriginsOnly() {
        gateway()
                .options()
                .uri("/api/rooms/lobby")
                .header(HttpHeaders.ORIGIN, "https://app.chorus.example")
                .header(HttpHeaders.ACCESS_CONTROL_REQUEST_METHOD, "POST")
                .header(HttpHeaders.ACCESS_CONTROL_REQUEST_HEADERS, "Authorization,Content-Type")
                .exchange()
                .expectStatus()
                .isOk()
                .expectHeader()
                .valueEquals(HttpHeaders.ACCESS_CONTROL_ALLOW_ORIGIN, "https://app.chorus.example");
        gateway()
                .options()
                .uri("/api/rooms/lobby")
                .header(HttpHeaders.ORIGIN, "https://evil.example")
                .header(HttpHeaders.ACCESS_CONTROL_REQUEST_METHOD, "POST")
                .exchange()
                .expectStatus()
                .isForbidden()
                .expectHeader()
                .doesNotExist(HttpHeaders.ACCESS_CONTROL_ALLOW_ORIGIN);
        gateway()
                .get()
                .uri("/api/rooms/lobby")
                .header(HttpHeaders.ORIGIN, "https://app.chorus.example")
                .headers(h -> h.setBearerAuth(TestTokens.user("browser")))
                .exchange()
                .expectStatus()
                .isOk()
                .expectHeader()
                .valueEquals(HttpHeaders.ACCESS_CONTROL_ALLOW_ORIGIN, "https://app.chorus.example");
    }

    @Test
    void theDevTokenEndpointDoesNotExistOutsideTheLocalProfile() {
        gateway()
                .post()
                .uri("/api/dev/token")
                .contentType(MediaType.APPLICATION_JSON)
                .bodyValue("{\"user\":\"u1\"}")
                .exchange()
                .expectStatus()
                .isUnauthorized();
        gateway()
                .post()
                .uri("/api/dev/token")
                .headers(h -> h.setBearerAuth(TestTokens.user("u1")))
                .contentType(MediaType.APPLICATION_JSON)
                .bodyValue("{\"user\":\"u1\"}")
                .exchange()
                .expectStatus()
                .isNotFound();
    }

    @Test
    void theFallbackIsNotAPublicEndpoint() {
        gateway()
                .get()
                .uri("/fallback")
                .headers(h -> h.setBearerAuth(TestTokens.user("prober")))
                .exchange()
                .expectStatus()
                .isNotFound();
    }

    private String echoThroughGateway(String text, Duration idleFirst) {
        var client = new ReactorNettyWebSocketClient();
        Sinks.One<String> reply = Sinks.one();
        URI uri = URI.create("ws://127.0.0.1:" + port + "/ws?access_token=" + TestTokens.user("viewer-" + text));
        client.execute(uri, session -> Mono.delay(idleFirst)
                        .then(session.send(Mono.just(session.textMessage(text))))
                        .thenMany(session.receive()
                                .map(WebSocketMessage::getPayloadAsText)
                                .take(1))
                        .doOnNext(reply::tryEmitValue)
                        .then(session.close()))
                .timeout(Duration.ofSeconds(10))
                .onErrorResume(error -> Mono.fromRunnable(() -> reply.tryEmitValue("failed:" + error)))
                .block();
        return reply.asMono().block(Duration.ofSeconds(1));
    }
}
