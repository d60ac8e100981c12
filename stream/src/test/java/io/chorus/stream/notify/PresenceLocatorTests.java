package io.chorus.stream.notify;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.nimbusds.jose.crypto.MACVerifier;
import com.nimbusds.jwt.SignedJWT;
import io.chorus.protocol.DeviceLocation;
import io.chorus.service.security.ServiceTokens;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeoutException;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.web.reactive.function.client.WebClient;
import reactor.core.publisher.Mono;
import reactor.netty.DisposableServer;
import reactor.netty.http.server.HttpServer;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * The look-up client against an HTTP server speaking presence-service's internal contract
 * ({@code POST /internal/presence/lookup}); the real presence-service is exercised end to end in the e2e module.
 */
class PresenceLocatorTests {

    private static final String SECRET = "stream-test-secret-0123456789abcdef-0123456789";
    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final List<List<String>> requests = new CopyOnWriteArrayList<>();
    private final List<String> subjects = new CopyOnWriteArrayList<>();
    private DisposableServer server;

    @AfterEach
    void stop() {
        if (server != null) {
            server.disposeNow();
        }
    }

    /** Answers every odd-numbered user as online on instance "i1"; rejects calls without a valid service token. */
    private String presence(Duration delay) {
        server = HttpServer.create()
                .host("127.0.0.1")
                .port(0)
                .route(routes -> routes.post("/internal/presence/lookup", (request, response) -> {
                    String subject =
                            verifiedServiceSubject(request.requestHeaders().get("Authorization"));
                    if (subject == null) {
                        return response.status(401).send();
                    }
                    subjects.add(subject);
                    return request.receive().aggregate().asString().flatMap(body -> {
                        JsonNode users = JSON.readTree(body).get("users");
                        List<String> asked = new ArrayList<>();
                        users.forEach(user -> asked.add(user.asString()));
                        requests.add(asked);
                        Map<String, List<DeviceLocation>> online = new LinkedHashMap<>();
                        for (String user : asked) {
                            if (Integer.parseInt(user.substring(1)) % 2 == 1) {
                                online.put(user, List.of(new DeviceLocation("phone", "i1")));
                            }
                        }
                        return Mono.delay(delay)
                                .then(response.header("Content-Type", "application/json")
                                        .sendString(Mono.just(JSON.writeValueAsString(Map.of("users", online))))
                                        .then());
                    });
                }))
                .bindNow();
        return "http://127.0.0.1:" + server.port();
    }

    private static String verifiedServiceSubject(String authorization) {
        if (authorization == null || !authorization.startsWith("Bearer ")) {
            return null;
        }
        try {
            SignedJWT jwt = SignedJWT.parse(authorization.substring("Bearer ".length()));
            if (!jwt.verify(new MACVerifier(SECRET.getBytes(StandardCharsets.UTF_8)))
                    || !jwt.getJWTClaimsSet().getStringListClaim("roles").contains("service")) {
                return null;
            }
            return jwt.getJWTClaimsSet().getSubject();
        } catch (Exception e) {
            return null;
        }
    }

    private PresenceLocator locator(String url, Duration timeout, int chunk) {
        var tokens = new ServiceTokens(SECRET, "gift-service", "7", Clock.systemUTC());
        return new PresenceLocator(WebClient.builder(), url, tokens, timeout, chunk);
    }

    @Test
    void asksInChunksWithAServiceTokenAndMergesTheAnswers() {
        String url = presence(Duration.ZERO);
        List<String> users = IntStream.range(0, 25).mapToObj(n -> "u" + n).toList();

        Map<String, List<DeviceLocation>> online =
                locator(url, Duration.ofSeconds(5), 10).locate(users).block();

        assertThat(requests).hasSize(3).allSatisfy(asked -> assertThat(asked).hasSizeLessThanOrEqualTo(10));
        assertThat(requests.stream().flatMap(List::stream)).containsExactlyInAnyOrderElementsOf(users);
        assertThat(subjects).containsOnly("gift-service/7");
        assertThat(online).hasSize(12).containsEntry("u1", List.of(new DeviceLocation("phone", "i1")));
        assertThat(online).doesNotContainKey("u2");
    }

    @Test
    void aSlowLookUpFailsWithinItsTimeout() {
        String url = presence(Duration.ofSeconds(3));

        assertThatThrownBy(() -> locator(url, Duration.ofMillis(200), 10)
                        .locate(List.of("u1"))
                        .block(Duration.ofSeconds(5)))
                .hasCauseInstanceOf(TimeoutException.class);
    }

    @Test
    void aRejectedCallFails() {
        String url = presence(Duration.ZERO);
        var forged = new ServiceTokens("another-secret-0123456789abcdef-0123456789", "x", "1", Clock.systemUTC());
        var locator = new PresenceLocator(WebClient.builder(), url, forged, Duration.ofSeconds(5), 10);

        assertThatThrownBy(() -> locator.locate(List.of("u1")).block()).hasMessageContaining("401");
    }
}
