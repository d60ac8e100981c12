package io.chorus.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import io.chorus.gateway.config.GatewayProperties;
import io.chorus.gateway.support.NoRedis;
import io.chorus.test.AtJvmExit;
import io.chorus.test.TestTokens;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.context.TestPropertySource;

/**
 * The rate limiter with an unreachable Redis (it accepts the connection and never answers) and the default
 * {@code when-redis-unavailable: allow}: requests pass once the decision timeout is up, unlimited, and each is
 * counted in {@code chorus.gateway.ratelimit.undecided{outcome=allowed}}.
 */
@TestPropertySource(properties = "chorus.gateway.rate-limit.when-redis-unavailable=allow")
class RateLimitWithoutRedisIntegrationTests extends GatewayTestBase {

    static final NoRedis.BlackHole BLACK_HOLE = new NoRedis.BlackHole();

    @DynamicPropertySource
    static void unreachableRedis(DynamicPropertyRegistry registry) {
        // the url wins over the host and port the shared fixture registers
        registry.add("spring.data.redis.url", () -> "redis://127.0.0.1:" + BLACK_HOLE.port());
        // above the base class's generous timeout (dynamic properties win over inlined ones)
        registry.add("chorus.gateway.rate-limit.decision-timeout", () -> "300ms");
    }

    static {
        AtJvmExit.stop(BLACK_HOLE::close); // not in @AfterAll: a rerun of a failed test needs it
    }

    @Autowired
    LettuceConnectionFactory redisConnections;

    @Autowired
    MeterRegistry meters;

    @Autowired
    GatewayProperties properties;

    @Test
    void requestsPassAfterTheDecisionTimeoutUnlimitedAndCounted() {
        assertThat(redisConnections.getPort()).isEqualTo(BLACK_HOLE.port());
        assertThat(properties.rateLimit().decisionTimeout()).isEqualTo(Duration.ofMillis(300));
        double before = NoRedis.undecided(meters, "allowed");
        String token = TestTokens.user("unlimited-" + System.nanoTime());
        // more than the bucket holds (burst 10): without a decision nothing is limited, and nothing waits long
        for (int i = 0; i < 15; i++) {
            long start = System.nanoTime();
            gateway()
                    .get()
                    .uri("/api/rooms/lobby")
                    .headers(h -> h.setBearerAuth(token))
                    .exchange()
                    .expectStatus()
                    .isOk()
                    .expectHeader()
                    .doesNotExist("X-RateLimit-Remaining");
            assertThat((System.nanoTime() - start) / 1_000_000).isLessThan(5_000);
        }
        assertThat(NoRedis.undecided(meters, "allowed") - before).isEqualTo(15.0);
        assertThat(NoRedis.undecided(meters, "refused")).isZero();
    }
}
