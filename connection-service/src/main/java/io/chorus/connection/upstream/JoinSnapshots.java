package io.chorus.connection.upstream;

import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import reactor.core.publisher.Mono;

/**
 * The per-room snapshot a join answers with, fetched from room-, gift- and presence-service in parallel and
 * shared by every join of the room for {@code ttl}: concurrent joins of a room wait on ONE set of calls, so
 * 20K joins per second into a few rooms do not become 60K HTTP calls per second. A service that does not
 * answer in time leaves its part unknown; the join still succeeds.
 */
public final class JoinSnapshots {

    /**
     * One room's snapshot while it is fresh: the shared load, and once it has arrived the snapshot itself
     * and a slot for what the join reply makes of it (encoded once per snapshot, not once per join).
     */
    public static final class Entry {
        private final Mono<JoinSnapshot> snapshot;
        private final long expiresAt;
        private final AtomicBoolean watched = new AtomicBoolean();
        private volatile JoinSnapshot value;
        private volatile Object reply;

        Entry(Mono<JoinSnapshot> snapshot, long expiresAt) {
            this.snapshot = snapshot;
            this.expiresAt = expiresAt;
        }

        /** An entry for a snapshot that is already known (nothing to load). */
        public static Entry arrived(JoinSnapshot value, long expiresAt) {
            Entry entry = new Entry(Mono.just(value), expiresAt);
            entry.watched.set(true);
            entry.value = value;
            return entry;
        }

        Mono<JoinSnapshot> snapshot() {
            return snapshot;
        }

        long expiresAt() {
            return expiresAt;
        }

        /** The snapshot, once it has arrived. */
        public JoinSnapshot value() {
            return value;
        }

        /** What the join reply cached for this snapshot, or null. */
        public Object reply() {
            return reply;
        }

        public void reply(Object encoded) {
            this.reply = encoded;
        }
    }

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
            Entry fresh = cache.compute(
                    room,
                    (key, current) -> current != null && current.expiresAt() > now
                            ? current
                            : new Entry(load(key).cache(), now + ttl.toMillis()));
            if (fresh.watched.compareAndSet(false, true)) {
                fresh.snapshot().subscribe(value -> fresh.value = value);
            }
            entry = fresh;
            if (cache.size() > maxEntries) {
                evict(now);
            }
        }
        return entry.snapshot();
    }

    /**
     * The room's fresh snapshot when it has already arrived (a join can then be answered at once, without
     * subscribing to anything), else null: call {@link #get} then.
     */
    public Entry ready(String room) {
        Entry entry = cache.get(room);
        return entry != null && entry.value != null && entry.expiresAt() > clock.millis() ? entry : null;
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
