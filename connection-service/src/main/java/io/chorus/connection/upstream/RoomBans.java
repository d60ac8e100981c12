package io.chorus.connection.upstream;

import io.chorus.protocol.RedisKeys;
import io.lettuce.core.api.StatefulRedisConnection;
import java.time.Clock;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.publisher.Mono;

/**
 * Bans and timeouts, read at join from room-service's Redis read model {@link RedisKeys#roomBans} (a sorted
 * set: user -> ban end in epoch millis, {@code +inf} for permanent). Whether a room has any ban at all is
 * asked once per room per {@code ttl} (ZCARD) and shared by its joins; only a room with bans costs a ZSCORE
 * per join. Most rooms have none, so a join usually costs no Redis call: churn of 20K joins per second is
 * not 20K commands per second (and not 20K timers). A ban is therefore seen by joins at most {@code ttl}
 * (plus the one round trip that asks again) late, like the rest of the join snapshot; chat is checked again by room-service. When Redis does not
 * answer in {@code timeout}, the join goes ahead.
 */
public final class RoomBans {

    private static final Logger log = LoggerFactory.getLogger(RoomBans.class);
    private static final int MAX_ROOMS = 10_000;

    private static final class Entry {
        final Mono<Boolean> anyBans;
        final long expiresAt;
        final AtomicBoolean watched = new AtomicBoolean();
        volatile Boolean known;

        Entry(Mono<Boolean> anyBans, long expiresAt, Boolean previous) {
            this.anyBans = anyBans;
            this.expiresAt = expiresAt;
            this.known = previous; // until this check answers, the one before it
        }

        Mono<Boolean> anyBans() {
            return anyBans;
        }

        long expiresAt() {
            return expiresAt;
        }
    }

    private final StatefulRedisConnection<String, String> connection;
    private final Duration timeout;
    private final long ttlMillis;
    private final Clock clock;
    private final Map<String, Entry> rooms = new ConcurrentHashMap<>();

    public RoomBans(StatefulRedisConnection<String, String> connection, Duration timeout, Duration ttl, Clock clock) {
        this.connection = connection;
        this.timeout = timeout;
        this.ttlMillis = ttl.toMillis();
        this.clock = clock;
    }

    /** Whether {@code user} is banned from {@code room} right now; false when unknown. */
    public Mono<Boolean> isBanned(String room, String user) {
        return anyBans(room).flatMap(any -> any ? banned(room, user) : Mono.just(false));
    }

    /**
     * True when the room is known to have no bans at all, from the last answered check (while an expired
     * check is asked again, the one before it counts): a join needs no Redis call and no subscription then.
     * False when unknown or when the room has bans: use {@link #isBanned}.
     */
    public boolean knownWithoutBans(String room) {
        Entry entry = rooms.get(room);
        if (entry == null) {
            return false;
        }
        if (entry.expiresAt() <= clock.millis()) {
            anyBans(room); // asks again; the new entry keeps this answer until the new one arrives
            entry = rooms.get(room);
        }
        return entry != null && Boolean.FALSE.equals(entry.known);
    }

    private Mono<Boolean> anyBans(String room) {
        long now = clock.millis();
        Entry entry = rooms.get(room);
        if (entry == null || entry.expiresAt() <= now) {
            Entry fresh = rooms.compute(
                    room,
                    (key, current) -> current != null && current.expiresAt() > now
                            ? current
                            : new Entry(count(key).cache(), now + ttlMillis, current == null ? null : current.known));
            if (fresh.watched.compareAndSet(false, true)) {
                fresh.anyBans().subscribe(any -> fresh.known = any);
            }
            entry = fresh;
            if (rooms.size() > MAX_ROOMS) {
                rooms.entrySet().removeIf(e -> e.getValue().expiresAt() <= now);
            }
        }
        return entry.anyBans();
    }

    private Mono<Boolean> count(String room) {
        return Mono.fromCompletionStage(() -> connection.async().zcard(RedisKeys.roomBans(room)))
                .map(count -> count > 0)
                .defaultIfEmpty(false)
                .timeout(timeout)
                .onErrorResume(error -> {
                    log.debug("ban check unavailable: room={} error={}", room, error.toString());
                    return Mono.just(false);
                });
    }

    private Mono<Boolean> banned(String room, String user) {
        return Mono.fromCompletionStage(() -> connection.async().zscore(RedisKeys.roomBans(room), user))
                .map(until -> until > clock.millis())
                .defaultIfEmpty(false)
                .timeout(timeout)
                .onErrorResume(error -> {
                    log.debug("ban check unavailable: room={} error={}", room, error.toString());
                    return Mono.just(false);
                });
    }
}
