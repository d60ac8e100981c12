package io.chorus.connection.upstream;

import io.chorus.connection.config.ConnectionProperties;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import io.github.resilience4j.circuitbreaker.CircuitBreakerConfig;
import io.github.resilience4j.reactor.circuitbreaker.operator.CircuitBreakerOperator;
import java.util.function.Function;
import java.util.function.Supplier;
import org.springframework.web.reactive.function.client.WebClientResponseException;
import reactor.core.publisher.Mono;

/**
 * The circuit breaker (Resilience4j) of one upstream service. While the service keeps failing (refused,
 * timed out, 5xx), the breaker opens and calls to it are not made: a join answers at once without its part
 * and a chat gets {@code unavailable} at once, instead of every call paying a connection attempt or a
 * timeout, an exception and its error path. After the open period a few calls probe the service; when they
 * succeed the breaker closes. State and calls: {@code /actuator/circuitbreakers} and the
 * {@code resilience4j_circuitbreaker_*} metrics.
 */
public final class UpstreamGuard {

    private final CircuitBreaker breaker;

    public UpstreamGuard(CircuitBreaker breaker) {
        this.breaker = breaker;
    }

    /**
     * The breaker settings: a time-based window, failures counted except a 4xx answer (the service is up and
     * said no), and no stack trace on the refusals of an open breaker.
     */
    public static CircuitBreakerConfig config(ConnectionProperties.Breaker settings) {
        return CircuitBreakerConfig.custom()
                .slidingWindowType(CircuitBreakerConfig.SlidingWindowType.TIME_BASED)
                .slidingWindowSize((int) Math.max(1, settings.window().toSeconds()))
                .minimumNumberOfCalls(settings.minimumCalls())
                .failureRateThreshold(settings.failureRate())
                .waitDurationInOpenState(settings.openFor())
                .permittedNumberOfCallsInHalfOpenState(settings.probes())
                .recordException(UpstreamGuard::isFailure)
                .writableStackTraceEnabled(false)
                .build();
    }

    static boolean isFailure(Throwable error) {
        return !(error instanceof WebClientResponseException response
                && response.getStatusCode().is4xxClientError());
    }

    public CircuitBreaker breaker() {
        return breaker;
    }

    /**
     * Makes the call under the breaker: {@code call} is invoked only when the breaker lets it through, and
     * {@code fallback} answers its errors and the breaker's refusals.
     */
    <T> Mono<T> call(Supplier<Mono<T>> call, Function<Throwable, Mono<T>> fallback) {
        return Mono.defer(call)
                .transformDeferred(CircuitBreakerOperator.of(breaker))
                .onErrorResume(fallback);
    }
}
