package io.chorus.gateway.ratelimit;

import io.chorus.gateway.config.GatewayProperties;
import java.security.Principal;
import org.springframework.cloud.gateway.filter.ratelimit.KeyResolver;
import org.springframework.cloud.gateway.filter.ratelimit.RedisRateLimiter;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/** One token bucket per user in Redis, keyed by the JWT subject. */
@Configuration
class RateLimitConfig {

    @Bean
    KeyResolver userKeyResolver() {
        return exchange -> exchange.getPrincipal().map(Principal::getName);
    }

    @Bean
    RedisRateLimiter userRateLimiter(GatewayProperties properties) {
        var limit = properties.rateLimit();
        return new RedisRateLimiter(limit.replenishRate(), limit.burstCapacity(), limit.requestedTokens());
    }
}
