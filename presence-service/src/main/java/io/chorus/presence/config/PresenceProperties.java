package io.chorus.presence.config;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import java.time.Duration;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * Settings of presence-service ({@code chorus.presence.*}).
 *
 * @param leaseTtl how long an instance lease lives without renewal; a dead instance's users go offline
 *     together when it expires
 * @param leaseCacheTtl how long the set of live instances is cached per presence-service instance
 * @param maxBatchEvents most events accepted in one presence batch
 * @param maxLookupUsers most user ids in one internal look-up (fan-out)
 * @param maxQueryUsers most user ids in one client presence query
 * @param maxSubscriptions most contacts one user may subscribe to
 * @param viewerWindow length of one HyperLogLog viewer window; a count covers the current and the previous
 *     window
 * @param notifyInterval how often coalesced presence changes are sent to subscribers
 * @param notifyCooldown least time between two notifications about the same user (flapping guard)
 * @param instanceRetention how long a dead instance (lease expired) stays listed for admins before it is
 *     forgotten; its users are offline either way
 */
@Validated
@ConfigurationProperties("chorus.presence")
public record PresenceProperties(
        @NotNull @DefaultValue("15s") Duration leaseTtl,
        @NotNull @DefaultValue("1s") Duration leaseCacheTtl,
        @Min(1) @Max(100_000) @DefaultValue("20000") int maxBatchEvents,
        @Min(1) @Max(20_000) @DefaultValue("5000") int maxLookupUsers,
        @Min(1) @Max(5_000) @DefaultValue("500") int maxQueryUsers,
        @Min(1) @Max(5_000) @DefaultValue("200") int maxSubscriptions,
        @NotNull @DefaultValue("60s") Duration viewerWindow,
        @NotNull @DefaultValue("1s") Duration notifyInterval,
        @NotNull @DefaultValue("5s") Duration notifyCooldown,
        @NotNull @DefaultValue("1h") Duration instanceRetention) {}
