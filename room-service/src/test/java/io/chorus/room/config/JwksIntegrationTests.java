package io.chorus.room.config;

import io.chorus.room.support.RoomIntegrationTest;
import io.chorus.service.security.ServiceTokens;
import io.chorus.test.AtJvmExit;
import io.chorus.test.TestIdentityProvider;
import io.chorus.test.TestTokens;
import java.time.Clock;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

/**
 * With {@code chorus.jwt.jwk-set-uri} set (the gateway checks users' RS256 tokens against an identity provider),
 * room-service checks them again against the same keys, still takes service tokens signed with the platform
 * secret, and refuses users' tokens signed with that secret.
 */
class JwksIntegrationTests extends RoomIntegrationTest {

    static final TestIdentityProvider PROVIDER = TestIdentityProvider.start();

    @DynamicPropertySource
    static void jwks(DynamicPropertyRegistry registry) {
        registry.add("chorus.jwt.jwk-set-uri", () -> PROVIDER.jwksUri().toString());
    }

    static {
        AtJvmExit.stop(PROVIDER::close); // not in @AfterAll: a rerun of a failed test needs it
    }

    @Test
    void aProvidersTokenCreatesAndReadsARoom() {
        String id = uniqueId("jwks");
        web.post()
                .uri("/api/rooms")
                .header(HttpHeaders.AUTHORIZATION, TestTokens.bearer(PROVIDER.token("rsa-streamer", "streamer")))
                .contentType(MediaType.APPLICATION_JSON)
                .bodyValue(Map.of("id", id, "title", "Keys"))
                .exchange()
                .expectStatus()
                .isCreated()
                .expectBody()
                .jsonPath("$.streamer")
                .isEqualTo("rsa-streamer");

        web.get()
                .uri("/api/rooms/{id}", id)
                .header(HttpHeaders.AUTHORIZATION, TestTokens.bearer(PROVIDER.token("rsa-viewer", "viewer")))
                .exchange()
                .expectStatus()
                .isOk();
    }

    @Test
    void aServiceTokenSignedWithThePlatformSecretIsStillAccepted() {
        String service =
                new ServiceTokens(TestTokens.SECRET, "connection-service", "conn-1", Clock.systemUTC()).token();

        web.get()
                .uri("/api/rooms/{id}", uniqueId("absent"))
                .header(HttpHeaders.AUTHORIZATION, TestTokens.bearer(service))
                .exchange()
                .expectStatus()
                .isNotFound();
    }

    @Test
    void usersTokensSignedWithTheSecretOrAnotherKeyOrExpiredAreRefused() {
        for (String token : new String[] {
            TestTokens.user("mallory", "streamer", "admin"),
            PROVIDER.stranger("mallory", "streamer"),
            PROVIDER.expired("mallory")
        }) {
            web.get()
                    .uri("/api/rooms/{id}", uniqueId("any"))
                    .header(HttpHeaders.AUTHORIZATION, TestTokens.bearer(token))
                    .exchange()
                    .expectStatus()
                    .isUnauthorized()
                    .expectHeader()
                    .contentType(MediaType.APPLICATION_PROBLEM_JSON)
                    .expectBody()
                    .jsonPath("$.code")
                    .isEqualTo("unauthorized");
        }
    }
}
