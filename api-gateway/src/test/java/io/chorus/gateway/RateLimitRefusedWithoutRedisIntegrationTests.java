package io.chorus.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import io.chorus.gateway.support.NoRedis;
import io.chorus.test.TestTokens;
import io.micrometer.core.instrument.MeterRegistry;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.context.TestPropertySource;

/**
 * The rate limiter with a stopped Redis (nothing listens on its port) and {@code when-redis-unavailable: refuse}:
 * no request passes without a limit decision; each gets 503 problem+json {@code unavailable} with
 * {@code Retry-After}, never reaches a service, and is counted in
 * {@code chorus.gateway.ratelimit.undecided{outcome=refused}}.
 */
@TestPropertySource(properties = "chorus.gateway.rate-limit.when-redis-unavailable=refuse")
class RateLimitRefusedWithoutRedisIntegrationTests extends GatewayTestBase {

    static final int STOPPED_PORT = NoRedis.stoppedPort();

    @DynamicPropertySource
    static void stoppedRedis(DynamicPropertyRegistry registry) {
        // the url wins over the host and port the shared fixture registers
        registry.add("spring.data.redis.url", () -> "redis://127.0.0.1:" + STOPPED_PORT);
    }

    @Autowired
    LettuceConnectionFactory redisConnections;

    @Autowired
    MeterRegistry meters;

    @Test
    void requestsAreRefusedWith503ProblemAndCounted() {
        assertThat(redisConnections.getPort()).isEqualTo(STOPPED_PORT);
        double before = NoRedis.undecided(meters, "refused");
        String token = TestTokens.user("refused-" + System.nanoTime());
        String path = "/api/rooms/refused-" + System.nanoTime();
        for (int i = 0; i < 3; i++) {
            gateway()
                    .get()
                    .uri(path)
                    .headers(h -> h.setBearerAuth(token))
                    .exchange()
                    .expectStatus()
                    .isEqualTo(503)
                    .expectHeader()
                    .contentType(MediaType.APPLICATION_PROBLEM_JSON)
                    .expectHeader()
                    .exists(HttpHeaders.RETRY_AFTER)
                    .expectBody()
                    .jsonPath("$.code")
                    .isEqualTo("unavailable");
        }
        assertThat(NoRedis.undecided(meters, "refused") - before).isEqualTo(3.0);
        assertThat(NoRedis.undecided(meters, "allowed")).isZero();
        assertThat(ROOMS.calls(path)).isZero();
    }
}
