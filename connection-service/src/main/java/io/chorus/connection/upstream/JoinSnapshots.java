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
        private final JoinSnapshot previous; // the snapshot before this one, served while this one loads
        private volatile JoinSnapshot value;
        private volatile Object reply;

        Entry(Mono<JoinSnapshot> snapshot, long expiresAt, JoinSnapshot previous) {
            this.snapshot = snapshot;
            this.expiresAt = expiresAt;
            this.previous = previous;
        }

        /** An entry for a snapshot that is already known (nothing to load). */
        public static Entry arrived(JoinSnapshot value, long expiresAt) {
            Entry entry = new Entry(Mono.just(value), expiresAt, null);
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

        /** The snapshot, once it has arrived; until then the one before it (null when there was none). */
        public JoinSnapshot value() {
            JoinSnapshot arrived = value;
            return arrived != null ? arrived : previous;
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
                            : new Entry(
                                    load(key).cache(), now + ttl.toMillis(), current == null ? null : current.value()));
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
     * The room's snapshot when one is at hand, so a join can be answered at once without subscribing to
     * anything: the fresh one, or, while an expired one is being loaded again, the one before it (a joiner
     * may then be told about the room as it was up to {@code ttl} plus one load ago). Null when the room has
     * no snapshot yet: call {@link #get} then.
     */
    public Entry ready(String room) {
        Entry entry = cache.get(room);
        if (entry == null) {
            return null;
        }
        if (entry.expiresAt() <= clock.millis()) {
            get(room); // starts loading the next one, which keeps this one's value until it arrives
            entry = cache.get(room);
        }
        return entry != null && entry.value() != null ? entry : null;
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
