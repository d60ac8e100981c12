package io.chorus.gateway.ratelimit;

import io.chorus.gateway.config.GatewayProperties;
import io.chorus.gateway.problem.Problems;
import io.chorus.protocol.ErrorCode;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import org.jspecify.annotations.Nullable;
import org.springframework.cloud.gateway.filter.GatewayFilter;
import org.springframework.cloud.gateway.filter.GatewayFilterChain;
import org.springframework.cloud.gateway.filter.factory.AbstractGatewayFilterFactory;
import org.springframework.cloud.gateway.filter.ratelimit.KeyResolver;
import org.springframework.cloud.gateway.filter.ratelimit.RateLimiter;
import org.springframework.cloud.gateway.filter.ratelimit.RedisRateLimiter;
import org.springframework.context.ApplicationContext;
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
 *
 * <p>Leases ({@code rate-limit.lease}, 4 by default): one Redis call takes that many tokens from the user's bucket
 * at once, and this gateway spends them on the user's next requests without asking Redis again, for at most
 * {@code rate-limit.lease-time}. The limit stays shared by every gateway instance and exact from above (a token is
 * spent in Redis before any request uses it; tokens a lease does not use are lost, never returned); what changes
 * is one Redis round trip per {@code lease} requests instead of per request. Fewer tokens left than a lease: one
 * token per call, as without leases. {@code X-RateLimit-Remaining} counts the Redis bucket plus the lease left.
 */
@Component
public class UserRateLimitGatewayFilterFactory extends AbstractGatewayFilterFactory<Object> {

    /** The bucket is shared by every route: the limit is per user, not per user and route. */
    static final String BUCKET = "user";

    /** Requests that got no limit decision from Redis, by what happened to them. */
    static final String UNDECIDED = "chorus.gateway.ratelimit.undecided";

    private static final String ANONYMOUS = "";

    private final RedisRateLimiter limiter;
    private final @Nullable RedisRateLimiter leaseLimiter;
    private final int leaseSize;
    private final long leaseNanos;
    private final ConcurrentHashMap<String, Lease> leases = new ConcurrentHashMap<>();
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
            MeterRegistry meters,
            ApplicationContext context) {
        super(Object.class);
        this.limiter = limiter;
        var limit = properties.rateLimit();
        this.leaseSize = limit.lease();
        this.leaseNanos = limit.leaseTime().toNanos();
        if (leaseSize > 1) {
            // not a bean: Spring Cloud Gateway expects a single RateLimiter bean
            this.leaseLimiter = new RedisRateLimiter(
                    limit.replenishRate(), limit.burstCapacity(), limit.requestedTokens() * leaseSize);
            this.leaseLimiter.setApplicationContext(context);
        } else {
            this.leaseLimiter = null;
        }
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
        if (leaseLimiter == null) {
            return decide(limiter, user).flatMap(response -> admitOrReject(exchange, chain, response));
        }
        Lease lease = leases.get(user);
        if (lease != null) {
            int left = lease.take(System.nanoTime());
            if (left >= 0) {
                exchange.getResponse()
                        .getHeaders()
                        .set(RedisRateLimiter.REMAINING_HEADER, Long.toString(lease.remainingInRedis() + left));
                return chain.filter(exchange);
            }
            leases.remove(user, lease);
        }
        return decide(leaseLimiter, user).flatMap(response -> {
            String remaining = response.getHeaders().get(RedisRateLimiter.REMAINING_HEADER);
            if (remaining == null || "-1".equals(remaining)) {
                return admitOrReject(exchange, chain, response); // no decision: allow or refuse, counted
            }
            if (!response.isAllowed()) {
                // fewer tokens left than a lease: spend them one request at a time
                return decide(limiter, user).flatMap(single -> admitOrReject(exchange, chain, single));
            }
            long inRedis = Long.parseLong(remaining);
            remember(user, new Lease(leaseSize - 1, System.nanoTime() + leaseNanos, inRedis));
            exchange.getResponse()
                    .getHeaders()
                    .set(RedisRateLimiter.REMAINING_HEADER, Long.toString(inRedis + leaseSize - 1));
            return chain.filter(exchange);
        });
    }

    private Mono<RateLimiter.Response> decide(RedisRateLimiter redis, String user) {
        return redis.isAllowed(BUCKET, user)
                .timeout(settings.decisionTimeout())
                .onErrorResume(error -> Mono.just(NO_DECISION));
    }

    private void remember(String user, Lease lease) {
        if (leases.size() >= MAX_LEASES) {
            long now = System.nanoTime();
            leases.values().removeIf(old -> old.expired(now));
            if (leases.size() >= MAX_LEASES) {
                leases.clear();
            }
        }
        leases.put(user, lease);
    }

    /** Users holding leased tokens at once, at most (a crude bound: expired leases go first, then all). */
    private static final int MAX_LEASES = 100_000;

    /**
     * Tokens taken from the user's Redis bucket in one call and spent here, one per request, until they run out or
     * the lease time ends (what is left then is lost, never given back: a user gets at most the limit, perhaps a
     * few tokens less).
     */
    private static final class Lease {
        private final AtomicInteger tokens;
        private final long expiresAtNanos;
        private final long remainingInRedis;

        Lease(int tokens, long expiresAtNanos, long remainingInRedis) {
            this.tokens = new AtomicInteger(tokens);
            this.expiresAtNanos = expiresAtNanos;
            this.remainingInRedis = remainingInRedis;
        }

        /** Takes a token: the tokens left after it, or -1 when there was none or the lease is over. */
        int take(long now) {
            if (expired(now)) {
                return -1;
            }
            int left = tokens.decrementAndGet();
            return left >= 0 ? left : -1;
        }

        boolean expired(long now) {
            return now - expiresAtNanos >= 0;
        }

        long remainingInRedis() {
            return remainingInRedis;
        }
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
