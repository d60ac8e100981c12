package io.chorus.room.aggregation;

import io.chorus.protocol.Channels;
import io.chorus.protocol.RedisKeys;
import io.chorus.protocol.RoomMessage;
import io.chorus.room.config.RoomProperties;
import io.chorus.room.store.FrameEncoder;
import io.chorus.room.store.RoomKeys;
import io.chorus.room.store.RoomScripts;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.data.redis.core.ReactiveStringRedisTemplate;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Mono;

/**
 * Delivers a window in one atomic Redis script ({@code deliver-window.lua}): spend the room's delivery budget,
 * shared by every room-service instance, at the moment of publication; SPUBLISH the high- and the
 * low-priority {@code room.batch}; append them to the recent history. Every message is encoded once here;
 * the high frame is encoded once here, the low frame is joined once in Redis from the granted messages.
 */
@Component
public class RedisWindowPublisher implements WindowPublisher {

    /**
     * The budget holds in any second at a subscriber: the delivery log spans one second plus a guard of
     * 50 ms for delivery jitter (pub/sub push, a subscriber's pauses), at the cost of about 5% of the budget.
     */
    static final long LOG_SPAN_MILLIS = 1_050;

    private static final Logger log = LoggerFactory.getLogger(RedisWindowPublisher.class);

    private static final char HIGH = 'h';
    private static final char LOW = 'l';

    private final ReactiveStringRedisTemplate redis;
    private final FrameEncoder encoder;
    private final RoomProperties.History history;
    private final String instance = UUID.randomUUID().toString().substring(0, 8);
    private final AtomicLong sequence = new AtomicLong();

    public RedisWindowPublisher(ReactiveStringRedisTemplate redis, FrameEncoder encoder, RoomProperties properties) {
        this.redis = redis;
        this.encoder = encoder;
        this.history = properties.history();
    }

    @Override
    public Mono<Outcome> publish(
            String room, int budgetPerSecond, int burst, List<RoomMessage> high, List<RoomMessage> low) {
        return publish(room, budgetPerSecond, burst, high, low, Map.of());
    }

    @Override
    public Mono<Outcome> publish(
            String room,
            int budgetPerSecond,
            int burst,
            List<RoomMessage> high,
            List<RoomMessage> low,
            Map<String, String> idempotencyRecords) {
        List<String> keys = new ArrayList<>(4 + idempotencyRecords.size());
        keys.add(RedisKeys.room(room));
        keys.add(RedisKeys.roomRecent(room));
        keys.add(RoomKeys.budget(room));
        keys.add(RoomKeys.budgetLog(room));
        List<String> args = new ArrayList<>(9 + high.size() + low.size());
        args.add(Channels.room(room));
        args.add(Integer.toString(history.size()));
        args.add(Long.toString(history.ttl().toMillis()));
        args.add(Integer.toString(budgetPerSecond));
        args.add(Integer.toString(burst));
        args.add(instance + "-" + sequence.incrementAndGet());
        args.add(Long.toString(LOG_SPAN_MILLIS));
        args.add(high.isEmpty() ? "" : encoder.batch(room, high));
        args.add(encoder.batchPrefix(room));
        for (Tagged tagged : inAcceptanceOrder(high, low)) {
            String record = idempotencyRecords.get(tagged.message().msgId());
            if (record == null) {
                args.add(tagged.kind() + encoder.message(tagged.message()));
            } else {
                keys.add(record);
                args.add(Character.toUpperCase(tagged.kind())
                        + tagged.message().msgId()
                        + encoder.message(tagged.message()));
            }
        }
        return redis.execute(RoomScripts.DELIVER_WINDOW, keys, args)
                .next()
                .map(reply -> new Outcome(
                        (int) Math.min(low.size(), RoomScripts.longAt(reply, 0)),
                        RoomScripts.longAt(reply, 1) == 1,
                        superseded(reply)));
    }

    @Override
    public void shedBeforePublication(String room, String msgId, String idempotencyRecord) {
        redis.execute(RoomScripts.MARK_SHED, List.of(idempotencyRecord), List.of(msgId))
                .subscribe(
                        marked -> {}, error -> log.debug("idempotency record not marked shed: {}", error.toString()));
    }

    private static Set<String> superseded(List<?> reply) {
        if (reply.size() < 3 || !(reply.get(2) instanceof List<?> ids) || ids.isEmpty()) {
            return Set.of();
        }
        Set<String> superseded = new HashSet<>();
        for (Object id : ids) {
            superseded.add(String.valueOf(id));
        }
        return superseded;
    }

    private record Tagged(char kind, RoomMessage message) {}

    /** High and low messages by acceptance time; chatter keeps its arrival order (the first ones are kept). */
    private static List<Tagged> inAcceptanceOrder(List<RoomMessage> high, List<RoomMessage> low) {
        List<Tagged> all = new ArrayList<>(high.size() + low.size());
        for (RoomMessage message : low) {
            all.add(new Tagged(LOW, message));
        }
        for (RoomMessage message : high) {
            int at = 0;
            while (at < all.size() && all.get(at).message().ts() <= message.ts()) {
                at++;
            }
            all.add(at, new Tagged(HIGH, message));
        }
        return all;
    }
}
