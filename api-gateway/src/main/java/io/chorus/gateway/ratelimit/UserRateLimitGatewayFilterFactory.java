package io.chorus.gateway.ratelimit;

import io.chorus.gateway.config.GatewayProperties;
import io.chorus.gateway.problem.Problems;
import io.chorus.protocol.ErrorCode;
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
 * JWT subject across all routes) must hold a token, else 429 problem+json with {@code Retry-After}. When Redis
 * is unreachable the limiter lets requests through (availability over strictness).
 */
@Component
class UserRateLimitGatewayFilterFactory extends AbstractGatewayFilterFactory<Object> {

    /** The bucket is shared by every route: the limit is per user, not per user and route. */
    static final String BUCKET = "user";

    private static final String ANONYMOUS = "";

    private final RedisRateLimiter limiter;
    private final KeyResolver users;
    private final Problems problems;
    private final String retryAfter;

    UserRateLimitGatewayFilterFactory(
            RedisRateLimiter limiter, KeyResolver users, Problems problems, GatewayProperties properties) {
        super(Object.class);
        this.limiter = limiter;
        this.users = users;
        this.problems = problems;
        this.retryAfter = Long.toString(properties.rateLimit().retryAfterSeconds());
    }

    @Override
    public GatewayFilter apply(Object config) {
        return this::filter;
    }

    private Mono<Void> filter(ServerWebExchange exchange, GatewayFilterChain chain) {
        return users.resolve(exchange).defaultIfEmpty(ANONYMOUS).flatMap(user -> limit(exchange, chain, user));
    }

    private Mono<Void> limit(ServerWebExchange exchange, GatewayFilterChain chain, String user) {
        if (ANONYMOUS.equals(user)) {
            return problems.write(
                    exchange, HttpStatus.UNAUTHORIZED, ErrorCode.UNAUTHORIZED, "a valid access token is required");
        }
        return limiter.isAllowed(BUCKET, user).flatMap(response -> admitOrReject(exchange, chain, response));
    }

    private Mono<Void> admitOrReject(
            ServerWebExchange exchange, GatewayFilterChain chain, RateLimiter.Response response) {
        Map<String, String> headers = response.getHeaders();
        String remaining = headers.get(RedisRateLimiter.REMAINING_HEADER);
        if (remaining != null && !"-1".equals(remaining)) {
            exchange.getResponse().getHeaders().set(RedisRateLimiter.REMAINING_HEADER, remaining);
        }
        if (response.isAllowed()) {
            return chain.filter(exchange);
        }
        exchange.getResponse().getHeaders().set("Retry-After", retryAfter);
        return problems.write(
                exchange, HttpStatus.TOO_MANY_REQUESTS, ErrorCode.RATE_LIMITED, "too many requests; retry later");
    }
}
