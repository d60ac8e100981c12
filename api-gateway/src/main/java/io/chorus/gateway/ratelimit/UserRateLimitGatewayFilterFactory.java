package io.chorus.gateway.ratelimit;

import io.chorus.gateway.config.GatewayProperties;
import io.chorus.gateway.problem.Problems;
import io.chorus.protocol.ErrorCode;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.Map;
import org.springframework.cloud.gateway.filter.GatewayFilter;
import org.springframework.cloud.gateway.filter.GatewayFilterChain;
import org.springframework.cloud.gateway.filter.factory.AbstractGatewayFilterFactory;
import org.springframework.cloud.gateway.filter.ratelimit.KeyResolver;
import org.springframework.cloud.gateway.filter.ratelimit.RateLimiter;
import org.springframework.cloud.gateway.filter.ratelimit.RedisRateLimiter;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Component;
import org.springframework.web.server.ServerWebExchange;
import reactor.core.publisher.Mono;

/**
 * {@code UserRateLimit}: the caller's token bucket (Spring Cloud Gateway's Redis rate limiter, one bucket per
 * JWT subject across all routes) must hold a token, else 429 problem+json with {@code Retry-After}.
 *
 * <p>Without a decision from Redis (down, unreachable, or slower than {@code rate-limit.decision-timeout}) the
 * request is let through ({@code rate-limit.when-redis-unavailable: allow}, the default, availability first) or
 * refused with 503 {@code unavailable} ({@code refuse}); either way it is counted in {@value #UNDECIDED}
 * (tag {@code outcome}: {@code allowed} or {@code refused}), so running unlimited is visible and alertable.
 */
@Component
public class UserRateLimitGatewayFilterFactory extends AbstractGatewayFilterFactory<Object> {

    /** The bucket is shared by every route: the limit is per user, not per user and route. */
    static final String BUCKET = "user";

    /** Requests that got no limit decision from Redis, by what happened to them. */
    static final String UNDECIDED = "chorus.gateway.ratelimit.undecided";

    private static final String ANONYMOUS = "";

    private final RedisRateLimiter limiter;
    private final KeyResolver users;
    private final Problems problems;
    private final String retryAfter;
    private final GatewayProperties.RateLimit settings;
    private final Counter undecidedAllowed;
    private final Counter undecidedRefused;

    UserRateLimitGatewayFilterFactory(
            RedisRateLimiter limiter,
            KeyResolver users,
            Problems problems,
            GatewayProperties properties,
            MeterRegistry meters) {
        super(Object.class);
        this.limiter = limiter;
        this.users = users;
        this.problems = problems;
        this.settings = properties.rateLimit();
        this.retryAfter = Long.toString(settings.retryAfterSeconds());
        this.undecidedAllowed = undecided(meters, "allowed");
        this.undecidedRefused = undecided(meters, "refused");
    }

    private static Counter undecided(MeterRegistry meters, String outcome) {
        return Counter.builder(UNDECIDED)
                .description("requests that got no rate-limit decision from Redis")
                .tag("outcome", outcome)
                .register(meters);
    }

    @Override
    public GatewayFilter apply(Object config) {
        return this::filter;
    }

    /**
     * Spends a token of the caller's bucket, then continues with {@code chain}, or answers 429 (or 401 without a
     * caller, 503 when refusing undecided requests) itself. Also used by the gateway's own endpoints
     * ({@code GET /api/connect}), which no route filter reaches.
     */
    public Mono<Void> filter(ServerWebExchange exchange, GatewayFilterChain chain) {
        return users.resolve(exchange).defaultIfEmpty(ANONYMOUS).flatMap(user -> limit(exchange, chain, user));
    }

    private Mono<Void> limit(ServerWebExchange exchange, GatewayFilterChain chain, String user) {
        if (ANONYMOUS.equals(user)) {
            return problems.write(
                    exchange, HttpStatus.UNAUTHORIZED, ErrorCode.UNAUTHORIZED, "a valid access token is required");
        }
        return limiter.isAllowed(BUCKET, user)
                .timeout(settings.decisionTimeout())
                .onErrorResume(error -> Mono.just(NO_DECISION))
                .flatMap(response -> admitOrReject(exchange, chain, response));
    }

    /**
     * What Spring Cloud Gateway's limiter answers when Redis fails (allowed, {@code -1} tokens left); a decision
     * timeout or an error of the limiter itself is treated the same.
     */
    private static final RateLimiter.Response NO_DECISION =
            new RateLimiter.Response(true, Map.of(RedisRateLimiter.REMAINING_HEADER, "-1"));

    private Mono<Void> admitOrReject(
            ServerWebExchange exchange, GatewayFilterChain chain, RateLimiter.Response response) {
        Map<String, String> headers = response.getHeaders();
        String remaining = headers.get(RedisRateLimiter.REMAINING_HEADER);
        boolean decided = remaining != null && !"-1".equals(remaining);
        if (decided) {
            exchange.getResponse().getHeaders().set(RedisRateLimiter.REMAINING_HEADER, remaining);
        } else if (response.isAllowed()) {
            return undecided(exchange, chain);
        }
        if (response.isAllowed()) {
            return chain.filter(exchange);
        }
        exchange.getResponse().getHeaders().set("Retry-After", retryAfter);
        return problems.write(
                exchange, HttpStatus.TOO_MANY_REQUESTS, ErrorCode.RATE_LIMITED, "too many requests; retry later");
    }

    private Mono<Void> undecided(ServerWebExchange exchange, GatewayFilterChain chain) {
        if (settings.whenRedisUnavailable() == GatewayProperties.RateLimit.WhenUnavailable.ALLOW) {
            undecidedAllowed.increment();
            return chain.filter(exchange);
        }
        undecidedRefused.increment();
        exchange.getResponse().getHeaders().set("Retry-After", retryAfter);
        return problems.write(
                exchange,
                HttpStatus.SERVICE_UNAVAILABLE,
                ErrorCode.UNAVAILABLE,
                "the rate limiter is unavailable; retry later");
    }
}
