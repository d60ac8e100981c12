package io.chorus.connection.config;

import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import java.net.URI;
import java.time.Duration;
import java.util.UUID;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * Everything connection-service can tune, under {@code chorus.connection.*}. Defaults live here; environment
 * overrides live in config-repo (connection-service*.yml). Documented in connection-service/README.md.
 *
 * @param instanceId this instance's id in the route index, its lease and its delivery channel; a random id
 *     ({@code cs-xxxxxxxx}) when blank
 * @param limits per-connection input limits
 * @param heartbeat pings, idle timeout and the sweep that enforces them
 * @param outbound per-connection outbound queue bounds and instance-wide shedding
 * @param upstream the services a join or a chat calls, with their timeouts
 * @param route the route index lease
 * @param drain graceful drain on shutdown
 * @param watchdog the event-loop lag probe
 */
@Validated
@ConfigurationProperties("chorus.connection")
public record ConnectionProperties(
        @Pattern(regexp = "[A-Za-z0-9._-]{0,64}") @DefaultValue("") String instanceId,
        @Valid @NotNull @DefaultValue Limits limits,
        @Valid @NotNull @DefaultValue Heartbeat heartbeat,
        @Valid @NotNull @DefaultValue Outbound outbound,
        @Valid @NotNull @DefaultValue Upstream upstream,
        @Valid @NotNull @DefaultValue Route route,
        @Valid @NotNull @DefaultValue Drain drain,
        @Valid @NotNull @DefaultValue Watchdog watchdog) {

    public ConnectionProperties {
        if (instanceId == null || instanceId.isBlank()) {
            instanceId = "cs-" + UUID.randomUUID().toString().substring(0, 8);
        }
    }

    /**
     * Input limits of one connection. Each bad frame is a strike; {@code maxStrikes} strikes within
     * {@code strikeWindow} close the connection (1008, or 1009 when the last one was too large).
     *
     * @param maxFrameBytes largest accepted text frame; larger ones get {@code error too_large}
     * @param hardFrameBytes largest frame the server reads at all; larger ones close at once with 1009
     * @param maxRoomsPerConnection rooms one connection may be joined to at once
     * @param maxFramesPerSecond inbound frames per second per connection; more get {@code rate_limited}
     * @param maxStrikes bad frames tolerated within the strike window
     * @param strikeWindow the strike window
     * @param maxChatChars longest chat text
     */
    public record Limits(
            @Min(256) @Max(1_048_576) @DefaultValue("8192") int maxFrameBytes,
            @Min(1024) @Max(16_777_216) @DefaultValue("65536") int hardFrameBytes,
            @Min(1) @Max(1000) @DefaultValue("16") int maxRoomsPerConnection,
            @Min(1) @Max(10_000) @DefaultValue("50") int maxFramesPerSecond,
            @Min(1) @Max(1000) @DefaultValue("10") int maxStrikes,
            @NotNull @DefaultValue("10s") Duration strikeWindow,
            @Min(1) @Max(8192) @DefaultValue("500") int maxChatChars) {}

    /**
     * Dead-connection detection. The server sends a WebSocket ping to a connection silent for
     * {@code pingAfter}; one silent for {@code idleTimeout} (no frame, no pong) is closed with 4002.
     *
     * @param pingAfter silence after which the server pings
     * @param idleTimeout silence after which the server closes with 4002
     * @param sweepInterval how often all connections are checked (one sweep for the instance, no timer per
     *     connection)
     * @param closeGrace how long a closing connection may take to answer the close frame before the socket
     *     is closed
     */
    public record Heartbeat(
            @NotNull @DefaultValue("25s") Duration pingAfter,
            @NotNull @DefaultValue("60s") Duration idleTimeout,
            @NotNull @DefaultValue("5s") Duration sweepInterval,
            @NotNull @DefaultValue("2s") Duration closeGrace) {}

    /**
     * Outbound path. A connection's queue is Netty's outbound buffer, bounded in bytes: above
     * {@code highWaterBytes} low-priority chatter is dropped for it; above {@code hopelessBytes} of backlog
     * a high-priority frame closes it with 1013.
     *
     * @param lowWaterBytes the connection is writable again below this backlog
     * @param highWaterBytes above this backlog low-priority frames are dropped for the connection
     * @param hopelessBytes above this backlog the connection is closed with 1013
     * @param lowPriorityDeliveriesPerSecond instance budget of low-priority deliveries (Resilience4j rate
     *     limiter); beyond it low-priority chatter is shed
     * @param maxPendingFanouts low-priority fan-out tasks waiting for the event loops (Resilience4j
     *     bulkhead); beyond it low-priority chatter is shed
     * @param compression offer permessage-deflate to clients that ask for it (always without server context
     *     takeover, so every message is compressed on its own)
     * @param compressOnce compress each room and personal frame once and send the same compressed bytes to
     *     every deflate connection; when false each connection's deflate encoder compresses it again
     */
    public record Outbound(
            @Min(1024) @DefaultValue("32768") int lowWaterBytes,
            @Min(2048) @DefaultValue("65536") int highWaterBytes,
            @Min(4096) @DefaultValue("1048576") int hopelessBytes,
            @Min(1) @DefaultValue("2000000") int lowPriorityDeliveriesPerSecond,
            @Min(1) @DefaultValue("4096") int maxPendingFanouts,
            @DefaultValue("true") boolean compression,
            @DefaultValue("true") boolean compressOnce) {}

    /**
     * Services called by joins and chats. A join never fails because one of them is down: it answers
     * with what is known.
     *
     * @param roomService room-service base URL (room snapshot, chat)
     * @param giftService gift-service base URL (latest gift sequence)
     * @param presenceService presence-service base URL (viewer counts)
     * @param snapshotTimeout timeout of each snapshot call made by a join
     * @param chatTimeout timeout of a chat submission; longer than room-service's ack timeout (2 s) plus one
     *     aggregation window, so a slow answer is not mistaken for a failure
     * @param snapshotTtl how long a room's join snapshot is shared by joiners
     * @param snapshotCacheSize rooms whose snapshot is cached at most
     * @param presenceInterval how often connects, disconnects and joiners are reported to presence-service
     *     (one batch per interval; it also renews the instance's presence lease, 15 s there)
     * @param viewerAnnounceInterval how often every local viewer is re-announced for the rooms' viewer counts
     *     (shorter than presence-service's viewer window, 60 s)
     * @param breaker the circuit breaker of each of the three services (one per service)
     */
    public record Upstream(
            @NotNull @DefaultValue("http://127.0.0.1:8082") URI roomService,
            @NotNull @DefaultValue("http://127.0.0.1:8084") URI giftService,
            @NotNull @DefaultValue("http://127.0.0.1:8085") URI presenceService,
            @NotNull @DefaultValue("300ms") Duration snapshotTimeout,
            @NotNull @DefaultValue("3s") Duration chatTimeout,
            @NotNull @DefaultValue("1s") Duration snapshotTtl,
            @Min(1) @DefaultValue("10000") int snapshotCacheSize,
            @NotNull @DefaultValue("1s") Duration presenceInterval,
            @NotNull @DefaultValue("30s") Duration viewerAnnounceInterval,
            @Valid @NotNull @DefaultValue Breaker breaker) {}

    /**
     * The circuit breaker of an upstream service: when at least {@code failureRate} percent of at least
     * {@code minimumCalls} calls within {@code window} failed (refused, timed out, 5xx), calls to it stop for
     * {@code openFor}; then {@code probes} calls test it, and their outcome closes or reopens the breaker.
     *
     * @param failureRate failed calls in the window, percent, that open the breaker
     * @param minimumCalls calls in the window before the rate counts
     * @param window the sliding window (whole seconds)
     * @param openFor how long an open breaker refuses calls
     * @param probes calls let through after {@code openFor} to test the service
     */
    public record Breaker(
            @Min(1) @Max(100) @DefaultValue("50") int failureRate,
            @Min(1) @DefaultValue("20") int minimumCalls,
            @NotNull @DefaultValue("10s") Duration window,
            @NotNull @DefaultValue("5s") Duration openFor,
            @Min(1) @DefaultValue("3") int probes) {}

    /**
     * Route index and instance lease in Redis.
     *
     * @param leaseTtl how long the lease and route entries live without renewal
     * @param renewInterval how often they are renewed (well below the TTL)
     * @param subscribeTimeout how long a first join waits for the room subscription before answering
     * @param unsubscribeGrace how long a room stays subscribed (and in the route index) after its last local
     *     viewer left, so a viewer coming back or a room flapping between zero and one viewer here costs no
     *     UNSUBSCRIBE / SUBSCRIBE pair; 0 unsubscribes at the last leave
     */
    public record Route(
            @NotNull @DefaultValue("30s") Duration leaseTtl,
            @NotNull @DefaultValue("10s") Duration renewInterval,
            @NotNull @DefaultValue("1s") Duration subscribeTimeout,
            @NotNull @DefaultValue("2s") Duration unsubscribeGrace) {}

    /**
     * Graceful drain on shutdown: new upgrades get 503, open connections are closed with 1001 in batches.
     *
     * @param batchSize connections closed per batch
     * @param time the drain spreads its batches over at most this time
     */
    public record Drain(@Min(1) @DefaultValue("1000") int batchSize, @NotNull @DefaultValue("10s") Duration time) {}

    /**
     * The event-loop watchdog: a probe task queued on each server event loop every {@code interval}; its wait
     * is the loop's lag ({@code chat.connection.eventloop.lag}). A probe that waits longer than
     * {@code blockedAfter} (the loop stuck in one task or behind a long queue) is counted
     * ({@code chat.connection.eventloop.blocked}) and logged with the loop's stack, at most once a minute per loop.
     *
     * @param interval how often each loop is probed
     * @param blockedAfter how long a probe may wait before its loop is reported as blocked
     */
    public record Watchdog(
            @NotNull @DefaultValue("100ms") Duration interval, @NotNull @DefaultValue("1s") Duration blockedAfter) {}
}
