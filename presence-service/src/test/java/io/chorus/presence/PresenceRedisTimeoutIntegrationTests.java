package io.chorus.presence;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.chorus.protocol.PresenceBatch;
import io.chorus.test.ChorusInfrastructure;
import io.chorus.test.TestTokens;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.webtestclient.autoconfigure.AutoConfigureWebTestClient;
import org.springframework.data.redis.connection.RedisConnection;
import org.springframework.data.redis.connection.RedisConnectionFactory;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.reactive.server.WebTestClient;

/**
 * A real Redis that stops answering ({@code CLIENT PAUSE}, as during a long fork or a stall): calls answer
 * 503 problem+json {@code unavailable} within the Redis timeout instead of hanging or failing with 500, and
 * work again once Redis answers.
 */
@SpringBootTest(
        webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {"chorus.jwt.secret=" + TestTokens.SECRET, "spring.data.redis.timeout=500ms"})
@AutoConfigureWebTestClient(timeout = "20s")
class PresenceRedisTimeoutIntegrationTests {

    private static final long PAUSE_MILLIS = 4_000;

    @DynamicPropertySource
    static void infrastructure(DynamicPropertyRegistry registry) {
        ChorusInfrastructure.registerProperties(registry);
    }

    @Autowired
    WebTestClient web;

    @Autowired
    RedisConnectionFactory redis;

    @Test
    void aRedisThatStopsAnsweringGives503WithinTheTimeoutThenRecovers() {
        String instance = "i-timeout";
        batch(instance).expectStatus().isNoContent();
        lookup().expectStatus().isOk();

        try (RedisConnection admin = redis.getConnection()) {
            admin.execute("CLIENT", bytes("PAUSE"), bytes(Long.toString(PAUSE_MILLIS)), bytes("ALL"));
        }
        long paused = System.currentTimeMillis();

        expectUnavailable(lookup());
        expectUnavailable(batch(instance));
        // both answered well before Redis came back: they did not wait for it
        assertThat(System.currentTimeMillis() - paused).isLessThan(PAUSE_MILLIS - 500);

        await().atMost(Duration.ofSeconds(15))
                .untilAsserted(() -> lookup().expectStatus().isOk());
        batch(instance).expectStatus().isNoContent();
    }

    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.US_ASCII);
    }

    private WebTestClient.ResponseSpec lookup() {
        return web.post()
                .uri("/internal/presence/lookup")
                .headers(headers -> headers.setBearerAuth(TestTokens.user("connection-service", "service")))
                .bodyValue(Map.of("users", List.of("u1", "u2")))
                .exchange();
    }

    private WebTestClient.ResponseSpec batch(String instance) {
        return web.post()
                .uri("/internal/presence/batch")
                .headers(headers -> headers.setBearerAuth(TestTokens.user("connection-service", "service")))
                .bodyValue(new PresenceBatch(instance, List.of(new PresenceBatch.Event("u1", "d", true, 1))))
                .exchange();
    }

    private static void expectUnavailable(WebTestClient.ResponseSpec response) {
        response.expectStatus()
                .isEqualTo(HttpStatus.SERVICE_UNAVAILABLE)
                .expectHeader()
                .contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON)
                .expectHeader()
                .valueEquals("Retry-After", "1")
                .expectBody()
                .jsonPath("$.code")
                .isEqualTo("unavailable");
    }
}
