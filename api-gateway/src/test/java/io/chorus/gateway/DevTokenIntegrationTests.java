package io.chorus.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import com.nimbusds.jwt.SignedJWT;
import io.chorus.gateway.support.Downstream;
import io.chorus.test.ChorusInfrastructure;
import io.chorus.test.TestTokens;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.http.MediaType;
import org.springframework.test.context.ActiveProfiles;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.reactive.server.WebTestClient;

/** In the local profile, POST /api/dev/token mints tokens the gateway (and the services) accept. */
@SpringBootTest(
        webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {"chorus.jwt.secret=" + TestTokens.SECRET, "chorus.gateway.dev-token.ttl=2h"})
@ActiveProfiles("local")
class DevTokenIntegrationTests {

    static final Downstream ROOMS = new Downstream("room-service", "rooms-local").start();

    @LocalServerPort
    int port;

    @DynamicPropertySource
    static void infrastructure(DynamicPropertyRegistry registry) {
        ChorusInfrastructure.registerProperties(registry);
        registry.add("spring.cloud.discovery.client.simple.instances.room-service[0].uri", ROOMS::uri);
    }

    @AfterAll
    static void stop() {
        ROOMS.stop();
    }

    @Test
    void aDevTokenIsMintedWithoutAuthenticationAndWorksThroughTheGateway() throws Exception {
        var answer = client().post()
                .uri("/api/dev/token")
                .contentType(MediaType.APPLICATION_JSON)
                .bodyValue(Map.of("user", "alice", "name", "Alice", "roles", java.util.List.of("streamer")))
                .exchange()
                .expectStatus()
                .isOk()
                .expectBody(Map.class)
                .returnResult()
                .getResponseBody();
        String token = (String) answer.get("token");
        Instant expiresAt = Instant.parse((String) answer.get("expiresAt"));
        assertThat(expiresAt)
                .isBetween(
                        Instant.now().plus(Duration.ofMinutes(119)),
                        Instant.now().plus(Duration.ofHours(2)));
        var claims = SignedJWT.parse(token).getJWTClaimsSet();
        assertThat(claims.getSubject()).isEqualTo("alice");
        assertThat(claims.getStringClaim("name")).isEqualTo("Alice");
        assertThat(claims.getStringListClaim("roles")).containsExactly("streamer");
        client().get()
                .uri("/api/rooms/lobby")
                .headers(h -> h.setBearerAuth(token))
                .exchange()
                .expectStatus()
                .isOk()
                .expectBody()
                .jsonPath("$.headers.authorization")
                .isEqualTo("Bearer " + token);
    }

    @Test
    void badDevTokenRequestsAre400Problems() {
        for (String body : new String[] {
            "{}", "{\"user\":\"\"}", "{\"user\":\"a b\"}", "{\"user\":\"u\",\"roles\":[\"ADMIN!\"]}", "not json"
        }) {
            client().post()
                    .uri("/api/dev/token")
                    .contentType(MediaType.APPLICATION_JSON)
                    .bodyValue(body)
                    .exchange()
                    .expectStatus()
                    .isBadRequest()
                    .expectHeader()
                    .contentType(MediaType.APPLICATION_PROBLEM_JSON)
                    .expectBody()
                    .jsonPath("$.code")
                    .isEqualTo("bad_request");
        }
    }

    private WebTestClient client() {
        return WebTestClient.bindToServer().baseUrl("http://127.0.0.1:" + port).build();
    }
}
