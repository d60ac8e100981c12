package io.chorus.gateway.config;

import jakarta.validation.Valid;
import jakarta.validation.constraints.AssertTrue;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.util.unit.DataSize;
import org.springframework.validation.annotation.Validated;

/**
 * The gateway's own settings ({@code chorus.gateway.*}); routes and their timeouts live under
 * {@code spring.cloud.gateway.server.webflux.*}.
 *
 * @param rateLimit per-user token bucket in Redis
 * @param maxBodySize the largest request body accepted (413 above it)
 * @param requestTimeout the longest a client may take to send a whole request (slow bodies are cut off)
 * @param cors browser origins allowed to call the API
 * @param circuitBreaker the per-route circuit breakers
 * @param devToken the local-profile token endpoint
 * @param connect {@code GET /api/connect}: where a client opens its WebSocket, with a ticket for it
 */
@Validated
@ConfigurationProperties("chorus.gateway")
public record GatewayProperties(
        @Valid @NotNull @DefaultValue RateLimit rateLimit,
        @NotNull @DefaultValue("64KB") DataSize maxBodySize,
        @NotNull @DefaultValue("10s") Duration requestTimeout,
        @Valid @NotNull @DefaultValue Cors cors,
        @Valid @NotNull @DefaultValue CircuitBreaker circuitBreaker,
        @Valid @NotNull @DefaultValue DevToken devToken,
        @Valid @NotNull @DefaultValue Connect connect) {

    @AssertTrue(message = "max-body-size must be between 1 byte and 16MB")
    public boolean isMaxBodySizeSane() {
        return maxBodySize == null || (maxBodySize.toBytes() > 0 && maxBodySize.toMegabytes() <= 16);
    }

    @AssertTrue(message = "request-timeout must be positive")
    public boolean isRequestTimeoutPositive() {
        return requestTimeout == null || (!requestTimeout.isNegative() && !requestTimeout.isZero());
    }

    /**
     * @param replenishRate tokens added per second per user
     * @param burstCapacity the bucket size: requests a user may send at once
     * @param requestedTokens tokens one request costs
     * @param whenRedisUnavailable what a request gets when Redis gives no limit decision (down, unreachable,
     *     or slower than {@code decisionTimeout}): {@code allow} (availability first, the default) or
     *     {@code refuse} (503 {@code unavailable})
     * @param decisionTimeout the longest a request waits for the limit decision
     * @param lease tokens taken from the user's Redis bucket per call and spent by this gateway on the user's next
     *     requests (1: a Redis call per request)
     * @param leaseTime how long leased tokens may be spent; what is left then is dropped
     */
    public record RateLimit(
            @Min(1) @DefaultValue("20") int replenishRate,
            @Min(1) @DefaultValue("40") int burstCapacity,
            @Min(1) @DefaultValue("1") int requestedTokens,
            @NotNull @DefaultValue("allow") WhenUnavailable whenRedisUnavailable,
            @NotNull @DefaultValue("1s") Duration decisionTimeout,
            @Min(1) @DefaultValue("4") int lease,
            @NotNull @DefaultValue("1s") Duration leaseTime) {

        @AssertTrue(message = "lease times requested-tokens must not exceed burst-capacity")
        public boolean isLeaseWithinBurst() {
            return (long) lease * requestedTokens <= burstCapacity;
        }

        @AssertTrue(message = "lease-time must be between 1ms and 10s")
        public boolean isLeaseTimeSane() {
            return leaseTime == null || (leaseTime.toMillis() >= 1 && leaseTime.compareTo(Duration.ofSeconds(10)) <= 0);
        }

        /** What the limiter does without a decision from Redis. */
        public enum WhenUnavailable {
            /** Let the request through (counted): the platform stays usable while Redis is down. */
            ALLOW,
            /** Answer 503 {@code unavailable} with {@code Retry-After}: no request passes unlimited. */
            REFUSE
        }

        @AssertTrue(message = "decision-timeout must be between 1ms and 10s")
        public boolean isDecisionTimeoutSane() {
            return decisionTimeout == null
                    || (decisionTimeout.toMillis() >= 1 && decisionTimeout.compareTo(Duration.ofSeconds(10)) <= 0);
        }

        @AssertTrue(message = "burst-capacity must be at least replenish-rate and requested-tokens")
        public boolean isBurstCoherent() {
            return burstCapacity >= replenishRate && burstCapacity >= requestedTokens;
        }

        /** Whole seconds until one request's worth of tokens is back (at least 1). */
        public long retryAfterSeconds() {
            return Math.max(1, (requestedTokens + replenishRate - 1) / replenishRate);
        }
    }

    /**
     * @param allowedOrigins exact origins (scheme://host[:port]); empty: no cross-origin calls
     * @param maxAge how long a browser may cache a preflight answer
     */
    public record Cors(
            @NotNull @DefaultValue List<String> allowedOrigins, @NotNull @DefaultValue("30m") Duration maxAge) {

        @AssertTrue(message = "allowed-origins must be explicit origins, not '*'")
        public boolean isExplicit() {
            return allowedOrigins == null || allowedOrigins.stream().noneMatch(origin -> origin.contains("*"));
        }
    }

    /**
     * @param failureRateThreshold percentage of failed calls that opens a route's circuit
     * @param slidingWindowSize calls the failure rate is computed over
     * @param minimumNumberOfCalls calls before the failure rate counts
     * @param waitInOpenState how long an open circuit answers 503 before it lets trial calls through
     * @param timeLimit the backstop on a whole call, retries included (the HTTP client's response timeout
     *     bounds each attempt)
     */
    public record CircuitBreaker(
            @Min(1) @Max(100) @DefaultValue("50") int failureRateThreshold,
            @Min(1) @DefaultValue("20") int slidingWindowSize,
            @Min(1) @DefaultValue("10") int minimumNumberOfCalls,
            @NotNull @DefaultValue("10s") Duration waitInOpenState,
            @NotNull @DefaultValue("10s") Duration timeLimit) {}

    /**
     * @param ticketTtl lifetime of a connect ticket (the WebSocket upgrade must happen within it; the socket then
     *     lives as long as the access token it was issued for)
     * @param publicUrl the WebSocket URL every answer names (e.g. {@code wss://ws.chorus.example/ws}, an L4 load
     *     balancer or Ingress in front of the connection-service pods); unset: one connection-service instance
     *     picked round robin, at its {@code public-url} metadata or else {@code ws://<host>:<port>/ws}
     */
    public record Connect(@NotNull @DefaultValue("30s") Duration ticketTtl, URI publicUrl) {

        @AssertTrue(message = "ticket-ttl must be between 1s and 5m")
        public boolean isTicketTtlSane() {
            return ticketTtl == null
                    || (ticketTtl.compareTo(Duration.ofSeconds(1)) >= 0
                            && ticketTtl.compareTo(Duration.ofMinutes(5)) <= 0);
        }

        @AssertTrue(message = "public-url must be an absolute ws:// or wss:// URL")
        public boolean isPublicUrlWebSocket() {
            return publicUrl == null
                    || ("ws".equals(publicUrl.getScheme()) || "wss".equals(publicUrl.getScheme()))
                            && publicUrl.getHost() != null;
        }
    }

    /** @param ttl lifetime of a development token */
    public record DevToken(@NotNull @DefaultValue("12h") Duration ttl) {}
}
