package io.chorus.connection.upstream;

import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import reactor.core.publisher.Mono;

/**
 * The per-room snapshot a join answers with, fetched from room-, gift- and presence-service in parallel and
 * shared by every join of the room for {@code ttl}: concurrent joins of a room wait on ONE set of calls, so
 * 20K joins per second into a few rooms do not become 60K HTTP calls per second. A service that does not
 * answer in time leaves its part unknown; the join still succeeds.
 */
public final class JoinSnapshots {

    private record Entry(Mono<JoinSnapshot> snapshot, long expiresAt) {}

    private final RoomServiceClient rooms;
    private final GiftServiceClient gifts;
    private final PresenceServiceClient presence;
    private final Duration ttl;
    private final int maxEntries;
    private final Clock clock;
    private final Map<String, Entry> cache = new ConcurrentHashMap<>();

    public JoinSnapshots(
            RoomServiceClient rooms,
            GiftServiceClient gifts,
            PresenceServiceClient presence,
            Duration ttl,
            int maxEntries,
            Clock clock) {
        this.rooms = rooms;
        this.gifts = gifts;
        this.presence = presence;
        this.ttl = ttl;
        this.maxEntries = maxEntries;
        this.clock = clock;
    }

    /** The room's snapshot, from the cache when fresh; never errors. */
    public Mono<JoinSnapshot> get(String room) {
        long now = clock.millis();
        Entry entry = cache.get(room);
        if (entry == null || entry.expiresAt() <= now) {
            entry = cache.compute(
                    room,
                    (key, current) -> current != null && current.expiresAt() > now
                            ? current
                            : new Entry(load(key).cache(), now + ttl.toMillis()));
            if (cache.size() > maxEntries) {
                evict(now);
            }
        }
        return entry.snapshot();
    }

    private Mono<JoinSnapshot> load(String room) {
        return Mono.zip(
                        rooms.snapshot(room),
                        gifts.lastSeq(room).map(Optional::of).defaultIfEmpty(Optional.empty()),
                        presence.viewers(room).map(Optional::of).defaultIfEmpty(Optional.empty()))
                .map(parts -> new JoinSnapshot(
                        parts.getT1().state(),
                        parts.getT1().recent(),
                        parts.getT2().orElse(null),
                        parts.getT3().orElse(null)));
    }

    private void evict(long now) {
        cache.entrySet().removeIf(entry -> entry.getValue().expiresAt() <= now);
        if (cache.size() > maxEntries) {
            cache.clear();
        }
    }
}
