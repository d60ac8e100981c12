package io.chorus.gift.leaderboard;

import com.datastax.oss.driver.api.core.CqlSession;
import com.datastax.oss.driver.api.core.cql.PreparedStatement;
import com.datastax.oss.driver.api.core.cql.Row;
import io.chorus.gift.config.GiftProperties;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.data.redis.core.ReactiveStringRedisTemplate;
import org.springframework.data.redis.core.script.RedisScript;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Mono;

/**
 * Rebuilds a room's leaderboard from its durable gift stream in Cassandra when Redis no longer has an exact board
 * (its "counted up to" watermark expired or was lost): reads every gift of the room page by page, sums the scores,
 * and installs board, names and watermark in one script, unless a board at least as recent is already there. The
 * sequencer counts into a board only while its watermark exists, so a rebuilt board stays exact. One rebuild per
 * room runs at a time in this instance; concurrent rebuilds elsewhere are harmless (the newest wins).
 */
@Component
public class LeaderboardRebuilder {

    private static final Logger log = LoggerFactory.getLogger(LeaderboardRebuilder.class);

    private static final int PAGE = 1000;

    /** Catch-up rounds after the first install (each one a page read, usually empty). */
    private static final int MAX_ROUNDS = 5;

    /**
     * KEYS: counted watermark, leaders, names. ARGV: ttl millis, rebuilt up to seq, then per gifter: user, score,
     * name. Returns 1 when installed, 0 when a board at least as recent exists.
     */
    private static final RedisScript<Long> INSTALL = RedisScript.of(
            """
            local counted = redis.call('GET', KEYS[1])
            if counted and tonumber(counted) >= tonumber(ARGV[2]) then return 0 end
            redis.call('DEL', KEYS[2], KEYS[3])
            for i = 3, #ARGV, 3 do
              redis.call('ZADD', KEYS[2], ARGV[i + 1], ARGV[i])
              if ARGV[i + 2] ~= '' then redis.call('HSET', KEYS[3], ARGV[i], ARGV[i + 2]) end
            end
            redis.call('SET', KEYS[1], ARGV[2], 'PX', ARGV[1])
            redis.call('PEXPIRE', KEYS[2], ARGV[1])
            redis.call('PEXPIRE', KEYS[3], ARGV[1])
            return 1
            """,
            Long.class);

    private record Totals(Map<String, Long> scores, Map<String, String> names, long upTo) {}

    private final CqlSession session;
    private final ReactiveStringRedisTemplate redis;
    private final GiftProperties properties;
    private final PreparedStatement page;
    private final Map<String, Mono<Boolean>> running = new ConcurrentHashMap<>();
    private final Counter rebuilt;
    private final Counter failed;

    LeaderboardRebuilder(
            CqlSession session, ReactiveStringRedisTemplate redis, GiftProperties properties, MeterRegistry meters) {
        this.session = session;
        this.redis = redis;
        this.properties = properties;
        this.page = session.prepare("SELECT seq, from_user, from_name, gift, amount FROM gifts_by_room"
                + " WHERE room_id = ? AND seq > ? ORDER BY seq ASC LIMIT ?");
        this.rebuilt = Counter.builder("chat.gift.leaderboard.rebuilds")
                .description("room leaderboards rebuilt from Cassandra")
                .register(meters);
        this.failed = Counter.builder("chat.gift.leaderboard.rebuild.failures")
                .description("leaderboard rebuilds that failed (retried on the next read or gift)")
                .register(meters);
    }

    /** Rebuilds the room's board; completes with {@code true} when this call installed it. */
    public Mono<Boolean> rebuild(String room) {
        return running.computeIfAbsent(room, key -> read(key)
                .flatMap(totals -> installUntilCurrent(key, totals, 1))
                .doOnNext(installed -> {
                    if (installed) {
                        rebuilt.increment();
                    }
                })
                .doOnError(error -> {
                    failed.increment();
                    log.warn("leaderboard not rebuilt: room={} error={}", key, error.toString());
                })
                .doFinally(signal -> running.remove(key))
                .cache());
    }

    /** Starts a rebuild without waiting for it (the sequencer's path: it must not hold its batch for this). */
    public void rebuildInBackground(String room) {
        rebuild(room).subscribe(installed -> {}, error -> {});
    }

    private Mono<Totals> read(String room) {
        return readFrom(room, new Totals(new HashMap<>(), new HashMap<>(), 0));
    }

    private Mono<Totals> readFrom(String room, Totals totals) {
        return Mono.fromCompletionStage(() -> session.executeAsync(page.bind(room, totals.upTo(), PAGE)))
                .timeout(properties.requestTimeout())
                .flatMap(rows -> {
                    long upTo = totals.upTo();
                    int count = 0;
                    for (Row row : rows.currentPage()) {
                        count++;
                        upTo = row.getLong("seq");
                        String user = row.getString("from_user");
                        totals.scores()
                                .merge(user, properties.score(row.getString("gift"), row.getLong("amount")), Long::sum);
                        String name = row.getString("from_name");
                        if (name != null && !name.isEmpty()) {
                            totals.names().put(user, name);
                        }
                    }
                    Totals next = new Totals(totals.scores(), totals.names(), upTo);
                    return count < PAGE ? Mono.just(next) : readFrom(room, next);
                });
    }

    /**
     * Installs, then reads on from where the totals end: gifts the sequencer stored meanwhile (and could not count
     * without a watermark) are added, and the board installed again, until nothing new is found.
     */
    private Mono<Boolean> installUntilCurrent(String room, Totals totals, int round) {
        return install(room, totals).flatMap(installed -> readFrom(room, totals).flatMap(next -> {
            if (next.upTo() == totals.upTo() || round >= MAX_ROUNDS) {
                return Mono.just(installed);
            }
            return installUntilCurrent(room, next, round + 1).map(again -> installed || again);
        }));
    }

    private Mono<Boolean> install(String room, Totals totals) {
        if (totals.upTo() == 0) {
            return Mono.just(false);
        }
        List<String> args = new ArrayList<>(2 + 3 * totals.scores().size());
        args.add(Long.toString(properties.leaderboard().ttl().toMillis()));
        args.add(Long.toString(totals.upTo()));
        totals.scores().forEach((user, score) -> {
            args.add(user);
            args.add(Long.toString(score));
            args.add(totals.names().getOrDefault(user, ""));
        });
        return redis.execute(
                        INSTALL,
                        List.of(
                                LeaderboardKeys.countedUpTo(room),
                                LeaderboardKeys.leaders(room),
                                LeaderboardKeys.names(room)),
                        args)
                .next()
                .timeout(properties.requestTimeout())
                .map(installed -> installed == 1);
    }
}
