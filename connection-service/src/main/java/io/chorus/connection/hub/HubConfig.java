package io.chorus.connection.hub;

import io.chorus.connection.broker.Broker;
import io.chorus.connection.config.ConnectionProperties;
import io.chorus.connection.metrics.ConnectionMetrics;
import io.chorus.connection.route.RouteIndex;
import io.github.resilience4j.bulkhead.Bulkhead;
import io.github.resilience4j.bulkhead.BulkheadConfig;
import io.github.resilience4j.bulkhead.BulkheadRegistry;
import io.github.resilience4j.ratelimiter.RateLimiter;
import io.github.resilience4j.ratelimiter.RateLimiterConfig;
import io.github.resilience4j.ratelimiter.RateLimiterRegistry;
import io.micrometer.core.instrument.MeterRegistry;
import io.netty.buffer.PooledByteBufAllocator;
import java.time.Duration;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import tools.jackson.databind.json.JsonMapper;

/** The hub and its shedding guards (visible in the {@code ratelimiters} and {@code bulkheads} actuator views). */
@Configuration(proxyBeanMethods = false)
class HubConfig {

    /** Name of the rate limiter holding the instance's low-priority delivery budget. */
    static final String BUDGET = "fanout-low-priority";
    /** Name of the bulkhead bounding low-priority fan-out tasks waiting for the event loops. */
    static final String BACKLOG = "fanout-backlog";

    @Bean
    ConnectionMetrics connectionMetrics(MeterRegistry registry) {
        return new ConnectionMetrics(registry);
    }

    @Bean
    FrameClassifier frameClassifier(JsonMapper mapper) {
        return new FrameClassifier(mapper);
    }

    @Bean
    Hub hub(
            Broker broker,
            RouteIndex routeIndex,
            FrameClassifier classifier,
            ConnectionMetrics metrics,
            ConnectionProperties properties,
            ObjectProvider<RateLimiterRegistry> rateLimiters,
            ObjectProvider<BulkheadRegistry> bulkheads) {
        ConnectionProperties.Outbound outbound = properties.outbound();
        return new Hub(
                broker,
                routeIndex,
                classifier,
                metrics,
                budget(rateLimiters.getIfAvailable(RateLimiterRegistry::ofDefaults), outbound),
                backlog(bulkheads.getIfAvailable(BulkheadRegistry::ofDefaults), outbound),
                PooledByteBufAllocator.DEFAULT,
                properties.route().unsubscribeGrace(),
                System::nanoTime);
    }

    /** Unsubscribes rooms past their grace, checking four times per grace (at most every second). */
    @Bean
    IdleRoomSweeper idleRoomSweeper(Hub hub, ConnectionProperties properties) {
        Duration grace = properties.route().unsubscribeGrace();
        Duration interval = grace.dividedBy(4);
        if (interval.compareTo(Duration.ofMillis(50)) < 0) {
            interval = Duration.ofMillis(50);
        }
        if (interval.compareTo(Duration.ofSeconds(1)) > 0) {
            interval = Duration.ofSeconds(1);
        }
        return new IdleRoomSweeper(hub, interval);
    }

    static RateLimiter budget(RateLimiterRegistry registry, ConnectionProperties.Outbound outbound) {
        RateLimiterConfig config = RateLimiterConfig.custom()
                .limitRefreshPeriod(Duration.ofMillis(100))
                .limitForPeriod(Math.max(1, outbound.lowPriorityDeliveriesPerSecond() / 10))
                .timeoutDuration(Duration.ZERO)
                .build();
        return registry.rateLimiter(BUDGET, config);
    }

    static Bulkhead backlog(BulkheadRegistry registry, ConnectionProperties.Outbound outbound) {
        BulkheadConfig config = BulkheadConfig.custom()
                .maxConcurrentCalls(outbound.maxPendingFanouts())
                .maxWaitDuration(Duration.ZERO)
                .build();
        return registry.bulkhead(BACKLOG, config);
    }
}
