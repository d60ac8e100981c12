package io.chorus.gift.config;

import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotEmpty;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Positive;
import java.time.Duration;
import java.util.List;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.validation.annotation.Validated;

/**
 * Settings of gift-service ({@code chorus.gift.*}); defaults in the module's application.yml.
 *
 * @param catalog the gifts a user can send
 * @param sendTimeout how long a send waits for Kafka to acknowledge the event before answering 503
 * @param idempotency the idempotency records of sends
 * @param sequencer the Kafka consumer that sequences gifts into Cassandra
 * @param pull pagination of the pull APIs
 * @param leaderboard the per-room top gifters
 * @param requestTimeout timeout of each Redis or Cassandra call made for a request
 * @param recipients how recipients are told that their gift inbox grew
 */
@Validated
@ConfigurationProperties("chorus.gift")
public record GiftProperties(
        @NotEmpty List<@Valid CatalogItem> catalog,
        @NotNull Duration sendTimeout,
        @NotNull @Valid Idempotency idempotency,
        @NotNull @Valid Sequencer sequencer,
        @NotNull @Valid Pull pull,
        @NotNull @Valid Leaderboard leaderboard,
        @NotNull Duration requestTimeout,
        @NotNull @Valid Recipients recipients) {

    /**
     * One gift type.
     *
     * @param id the wire id ({@code gift} in a send)
     * @param name display name
     * @param maxAmount the largest amount one send may carry
     * @param value coins per unit, the leaderboard score of one unit
     */
    public record CatalogItem(
            @NotBlank @Pattern(regexp = "[a-z0-9_-]{1,32}") String id,
            @NotBlank String name,
            @Positive long maxAmount,
            @Positive long value) {}

    /**
     * @param ttl how long a completed send is remembered (a retry with the same key inside it gets the same
     *     answer)
     * @param pendingLease how long an in-flight claim blocks the key if its request dies before answering
     * @param inflightWait how long a second request with the same key waits for the first to finish
     * @param maxKeyLength the longest accepted {@code Idempotency-Key}
     */
    public record Idempotency(
            @NotNull Duration ttl,
            @NotNull Duration pendingLease,
            @NotNull Duration inflightWait,
            @Min(8) @Max(255) int maxKeyLength) {}

    /**
     * @param groupId the Kafka consumer group of the sequencer
     * @param concurrency consumer threads (each owns some partitions of {@code gifts})
     * @param batchTimeout how long one polled batch may take to be written before it is retried
     * @param retryInterval pause before a failed batch is retried (it is retried until it succeeds)
     * @param parallelRooms rooms of one batch written concurrently (each room stays sequential)
     * @param autoStartup whether the sequencer starts with the application
     */
    public record Sequencer(
            @NotBlank String groupId,
            @Min(1) @Max(64) int concurrency,
            @NotNull Duration batchTimeout,
            @NotNull Duration retryInterval,
            @Min(1) @Max(1024) int parallelRooms,
            boolean autoStartup) {}

    /**
     * @param defaultLimit page size when {@code limit} is absent
     * @param maxLimit the largest accepted {@code limit}
     */
    public record Pull(@Min(1) int defaultLimit, @Min(1) @Max(5000) int maxLimit) {}

    /**
     * @param size entries returned by the leaderboard endpoint
     * @param ttl how long Redis keeps a room's board after its last gift; an expired or lost board is rebuilt
     *     from the room's gifts in Cassandra on the next read or gift
     * @param rebuildTimeout how long a read waits for a rebuild before answering 503
     */
    public record Leaderboard(@Min(1) @Max(100) int size, @NotNull Duration ttl, @NotNull Duration rebuildTimeout) {}

    /**
     * @param presenceUrl presence-service's base URL: which connection-service instances hold a recipient
     * @param lookupTimeout limit of one look-up; past it (or when presence-service is down) the notify goes to
     *     every live instance instead
     */
    public record Recipients(@NotBlank String presenceUrl, @NotNull Duration lookupTimeout) {}

    /** A gift's leaderboard score: amount x the catalog value (1 per unit for a gift no longer in the catalog). */
    public long score(String gift, long amount) {
        CatalogItem item = item(gift);
        return amount * (item == null ? 1 : item.value());
    }

    /** The catalog item with this id, or {@code null}. */
    public CatalogItem item(String id) {
        for (CatalogItem item : catalog) {
            if (item.id().equals(id)) {
                return item;
            }
        }
        return null;
    }
}
