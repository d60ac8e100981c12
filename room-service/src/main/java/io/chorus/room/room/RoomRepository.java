package io.chorus.room.room;

import io.chorus.protocol.Channels;
import io.chorus.protocol.RedisKeys;
import io.chorus.room.store.RoomScripts;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.springframework.data.domain.Range;
import org.springframework.data.redis.connection.Limit;
import org.springframework.data.redis.core.ReactiveStringRedisTemplate;
import org.springframework.stereotype.Repository;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/** Rooms, their settings and bans in Redis ({@link RedisKeys#room}, {@link RedisKeys#roomBans}). */
@Repository
public class RoomRepository {

    /** Outcome of a script that changes a room. */
    public enum Change {
        DONE,
        NO_ROOM,
        CLOSED
    }

    private final ReactiveStringRedisTemplate redis;

    public RoomRepository(ReactiveStringRedisTemplate redis) {
        this.redis = redis;
    }

    /** Creates a live room; {@code false} when the id is taken. */
    public Mono<Boolean> create(String id, String title, String streamer, long now, int budgetPerSecond) {
        return redis.execute(
                        RoomScripts.CREATE_ROOM,
                        List.of(RedisKeys.room(id)),
                        List.of(id, title, streamer, Long.toString(now), Integer.toString(budgetPerSecond)))
                .next()
                .map(created -> created == 1L);
    }

    public Mono<Room> find(String id) {
        return redis.<String, String>opsForHash()
                .entries(RedisKeys.room(id))
                .collectMap(Map.Entry::getKey, Map.Entry::getValue)
                .filter(fields -> !fields.isEmpty())
                .map(RoomRepository::toRoom);
    }

    public Mono<Change> update(String id, RoomRequests.UpdateSettings update) {
        List<String> args = new ArrayList<>();
        addIfPresent(args, "slowModeSeconds", update.slowModeSeconds());
        addIfPresent(args, "subscriberOnly", flag(update.subscriberOnly()));
        addIfPresent(args, "emoteOnly", flag(update.emoteOnly()));
        addIfPresent(args, "chatBudgetPerSecond", update.chatBudgetPerSecond());
        return redis.execute(RoomScripts.UPDATE_ROOM, List.of(RedisKeys.room(id)), args)
                .next()
                .map(RoomRepository::change);
    }

    /** Closes a live room and publishes the encoded {@code room.closed} frame once. */
    public Mono<Change> close(String id, String closedFrame, Duration retention, long now) {
        return redis.execute(
                        RoomScripts.CLOSE_ROOM,
                        List.of(RedisKeys.room(id), RedisKeys.roomRecent(id), RedisKeys.roomBans(id)),
                        List.of(
                                Channels.room(id),
                                closedFrame,
                                Long.toString(Math.max(1, retention.toSeconds())),
                                Long.toString(now)))
                .next()
                .map(RoomRepository::change);
    }

    /** Bans a user until {@code until} epoch millis ({@code null}: permanently); forgets expired bans. */
    public Mono<Void> ban(String room, String user, Long until, long now) {
        String key = RedisKeys.roomBans(room);
        double score = until == null ? Double.POSITIVE_INFINITY : until;
        return redis.opsForZSet()
                .add(key, user, score)
                .then(redis.opsForZSet().removeRangeByScore(key, Range.closed(Double.NEGATIVE_INFINITY, (double) now)))
                .then();
    }

    public Mono<Boolean> unban(String room, String user) {
        return redis.opsForZSet().remove(RedisKeys.roomBans(room), user).map(removed -> removed > 0);
    }

    /** Bans in force, soonest end first. */
    public Flux<RoomRequests.Ban> bans(String room, long now) {
        return redis.opsForZSet()
                .rangeByScoreWithScores(
                        RedisKeys.roomBans(room),
                        Range.rightUnbounded(Range.Bound.exclusive((double) now)),
                        Limit.limit().count(1_000))
                .map(entry -> new RoomRequests.Ban(
                        room,
                        entry.getValue(),
                        entry.getScore() == null || entry.getScore().isInfinite()
                                ? null
                                : entry.getScore().longValue()));
    }

    /** Removes a message from the history and publishes {@code room.retracted}; empty when there is no room. */
    public Mono<Long> retract(String room, String msgId, String retractedFrame) {
        return redis.execute(
                        RoomScripts.RETRACT_MESSAGE,
                        List.of(RedisKeys.room(room), RedisKeys.roomRecent(room)),
                        List.of(Channels.room(room), retractedFrame, msgId))
                .next()
                .filter(removed -> removed >= 0);
    }

    private static Room toRoom(Map<String, String> fields) {
        RoomSettings settings = new RoomSettings(
                intField(fields, "slowModeSeconds"),
                "1".equals(fields.get("subscriberOnly")),
                "1".equals(fields.get("emoteOnly")),
                intField(fields, "chatBudgetPerSecond"));
        return new Room(
                fields.get("id"),
                fields.getOrDefault("title", ""),
                fields.get("streamer"),
                fields.getOrDefault("state", "closed"),
                Long.parseLong(fields.getOrDefault("createdAt", "0")),
                null,
                settings);
    }

    private static int intField(Map<String, String> fields, String name) {
        String value = fields.get(name);
        return value == null ? 0 : Integer.parseInt(value);
    }

    private static void addIfPresent(List<String> args, String field, Object value) {
        if (value != null) {
            args.add(field);
            args.add(value.toString());
        }
    }

    private static String flag(Boolean value) {
        return value == null ? null : value ? "1" : "0";
    }

    private static Change change(Long status) {
        return switch (status.intValue()) {
            case 0 -> Change.DONE;
            case 1 -> Change.NO_ROOM;
            default -> Change.CLOSED;
        };
    }
}
