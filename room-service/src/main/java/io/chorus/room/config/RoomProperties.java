package io.chorus.room.config;

import jakarta.validation.Valid;
import jakarta.validation.constraints.DecimalMax;
import jakarta.validation.constraints.DecimalMin;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * Settings of the route layer ({@code chorus.room.*}); every value has a default, see the README.
 *
 * @param chat what a chat message may contain and how long a sender waits for its ack
 * @param aggregation the per-room aggregation window
 * @param budget the default per-room delivery budget
 * @param rateLimit the per-user rate limit (token bucket in Redis)
 * @param moderation the synchronous moderation filter
 * @param history the recent history kept per room
 * @param presence where the live viewer count comes from
 * @param rooms room lifecycle
 */
@Validated
@ConfigurationProperties("chorus.room")
public record RoomProperties(
        @Valid @NotNull @DefaultValue Chat chat,
        @Valid @NotNull @DefaultValue Aggregation aggregation,
        @Valid @NotNull @DefaultValue Budget budget,
        @Valid @NotNull @DefaultValue RateLimit rateLimit,
        @Valid @NotNull @DefaultValue Moderation moderation,
        @Valid @NotNull @DefaultValue History history,
        @Valid @NotNull @DefaultValue Presence presence,
        @Valid @NotNull @DefaultValue Rooms rooms) {

    /**
     * @param maxLength the longest accepted text, in characters (code points)
     * @param emotePattern a token of an emote-only message matches this, or consists of emoji only
     * @param emotes named emotes also accepted as a token of an emote-only message
     * @param ackTimeout how long an accepted message may wait for its window's decision
     * @param maxBodyBytes the largest request body of the API, in bytes (larger: 413 {@code too_large})
     * @param idempotencyTtl how long a client message id is remembered: a retry within it (same id, same
     *     text) gets the original ack and is not delivered again
     */
    public record Chat(
            @DefaultValue("500") @Min(1) @Max(10_000) int maxLength,
            @DefaultValue(":[A-Za-z0-9_]{1,32}:") @NotBlank String emotePattern,
            @DefaultValue({"Kappa", "PogChamp", "LUL", "GG"}) List<String> emotes,
            @DefaultValue("2s") @NotNull Duration ackTimeout,
            @DefaultValue("16384") @Min(1_024) @Max(262_144) int maxBodyBytes,
            @DefaultValue("60s") @NotNull Duration idempotencyTtl) {

        public Chat {
            if (idempotencyTtl != null
                    && (idempotencyTtl.compareTo(Duration.ofSeconds(5)) < 0
                            || idempotencyTtl.compareTo(Duration.ofHours(1)) > 0)) {
                throw new IllegalArgumentException("chorus.room.chat.idempotency-ttl must be within 5s..1h");
            }
        }
    }

    /**
     * @param window how long a room's window collects messages before one flush
     * @param maxBatchSize a window holding this many messages flushes at once
     */
    public record Aggregation(
            @DefaultValue("50ms") @NotNull Duration window, @DefaultValue("100") @Min(1) @Max(1_000) int maxBatchSize) {

        public Aggregation {
            if (window != null && (window.toMillis() < 1 || window.toMillis() > 1_000)) {
                throw new IllegalArgumentException("chorus.room.aggregation.window must be within 1ms..1s");
            }
        }
    }

    /**
     * @param perSecond chatter messages per second that reach a room's viewers, unless the room sets its own
     * @param burstSeconds the burst a room may spend at once, in seconds of its budget (smooths delivery)
     */
    public record Budget(
            @DefaultValue("20") @Min(1) @Max(1_000) int perSecond,
            @DefaultValue("0.25") @DecimalMin("0.05") @DecimalMax("1.0") double burstSeconds) {

        /** The burst of a room with the given budget: at least one message. */
        public int burst(int budgetPerSecond) {
            return Math.max(1, (int) Math.ceil(budgetPerSecond * burstSeconds));
        }
    }

    /**
     * @param capacity burst of a viewer, in messages
     * @param refillPerSecond sustained messages per second of a viewer
     * @param privilegedCapacity burst of the room's streamer, moderators, admins and system
     * @param privilegedRefillPerSecond sustained messages per second of the privileged
     */
    public record RateLimit(
            @DefaultValue("5") @Min(1) int capacity,
            @DefaultValue("1.0") @DecimalMin("0.01") double refillPerSecond,
            @DefaultValue("30") @Min(1) int privilegedCapacity,
            @DefaultValue("10.0") @DecimalMin("0.01") double privilegedRefillPerSecond) {}

    /**
     * @param blockedWords words refused anywhere in a message, as whole words, ignoring case
     * @param blockedPatterns regular expressions refused when found anywhere in a message
     */
    public record Moderation(@DefaultValue List<String> blockedWords, @DefaultValue List<String> blockedPatterns) {}

    /**
     * @param size messages kept per room for joiners
     * @param ttl how long a room's history outlives its last message
     */
    public record History(
            @DefaultValue("50") @Min(1) @Max(1_000) int size, @DefaultValue("24h") @NotNull Duration ttl) {}

    /**
     * @param baseUrl presence-service, asked for the live viewer count
     * @param timeout the viewer count is omitted when presence does not answer in time
     */
    public record Presence(
            @DefaultValue("http://127.0.0.1:8085") @NotNull URI baseUrl,
            @DefaultValue("300ms") @NotNull Duration timeout) {}

    /**
     * @param closedRetention how long a closed room's keys stay (its id stays taken meanwhile)
     * @param maxTitleLength the longest accepted title
     */
    public record Rooms(
            @DefaultValue("1h") @NotNull Duration closedRetention, @DefaultValue("200") @Min(1) int maxTitleLength) {}
}
