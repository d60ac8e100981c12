package io.chorus.gateway.resilience;

import io.chorus.gateway.config.GatewayProperties;
import io.chorus.gateway.problem.PayloadTooLargeException;
import io.github.resilience4j.circuitbreaker.CircuitBreakerConfig;
import io.github.resilience4j.timelimiter.TimeLimiterConfig;
import org.springframework.cloud.circuitbreaker.resilience4j.ReactiveResilience4JCircuitBreakerFactory;
import org.springframework.cloud.circuitbreaker.resilience4j.Resilience4JConfigBuilder;
import org.springframework.cloud.client.circuitbreaker.Customizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * Every REST route has its own circuit breaker (named after the route): it opens when too many calls fail and
 * then answers 503 at once, sparing the struggling service. A body cut off at the size limit is the client's
 * fault and never counts.
 */
@Configuration
class ResilienceConfig {

    @Bean
    Customizer<ReactiveResilience4JCircuitBreakerFactory> circuitBreakerDefaults(GatewayProperties properties) {
        var settings = properties.circuitBreaker();
        var circuitBreaker = CircuitBreakerConfig.custom()
                .failureRateThreshold(settings.failureRateThreshold())
                .slidingWindowType(CircuitBreakerConfig.SlidingWindowType.COUNT_BASED)
                .slidingWindowSize(settings.slidingWindowSize())
                .minimumNumberOfCalls(settings.minimumNumberOfCalls())
                .waitDurationInOpenState(settings.waitInOpenState())
                .permittedNumberOfCallsInHalfOpenState(3)
                .ignoreExceptions(PayloadTooLargeException.class)
                .build();
        var timeLimiter = TimeLimiterConfig.custom()
                .timeoutDuration(settings.timeLimit())
                .cancelRunningFuture(true)
                .build();
        return factory -> factory.configureDefault(id -> new Resilience4JConfigBuilder(id)
                .circuitBreakerConfig(circuitBreaker)
                .timeLimiterConfig(timeLimiter)
                .build());
    }
}
