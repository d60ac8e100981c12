package io.chorus.connection.upstream;

import io.chorus.connection.config.ConnectionProperties;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.circuitbreaker.CircuitBreakerConfig;
import java.time.Duration;

/** Circuit breakers for the upstream clients' tests. */
final class Guards {

    private Guards() {}

    /** A guard whose breaker never opens: for tests about the clients, not the breaker. */
    static UpstreamGuard unguarded(String name) {
        return new UpstreamGuard(CircuitBreaker.of(
                name,
                CircuitBreakerConfig.custom().recordException(error -> false).build()));
    }

    /** A guard with the production settings but for {@code minimumCalls}, the open period and one probe. */
    static UpstreamGuard opensAfter(String name, int minimumCalls, Duration openFor) {
        return new UpstreamGuard(CircuitBreaker.of(
                name,
                UpstreamGuard.config(
                        new ConnectionProperties.Breaker(50, minimumCalls, Duration.ofSeconds(10), openFor, 1))));
    }
}
