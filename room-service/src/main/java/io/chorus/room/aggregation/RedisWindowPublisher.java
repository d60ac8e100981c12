package io.chorus.room.aggregation;

import io.chorus.protocol.Channels;
import io.chorus.protocol.RedisKeys;
import io.chorus.protocol.RoomMessage;
import io.chorus.room.config.RoomProperties;
import io.chorus.room.store.FrameEncoder;
import io.chorus.room.store.RoomKeys;
import io.chorus.room.store.RoomScripts;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;
import org.springframework.data.redis.core.ReactiveStringRedisTemplate;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Mono;

/**
 * Publishes one window of a room in Redis, in two round trips: reserve the room's shared delivery budget (every
 * instance spends from the same per-room budget), then publish the high- and the low-priority
 * {@code room.batch}, each encoded once, and append them to the recent history.
 */
@Component
public class RedisWindowPublisher implements WindowPublisher {

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
        return reserve(room, budgetPerSecond, burst, high.size(), low.size())
                .flatMap(granted ->
                        publish(room, high, low.subList(0, granted)).map(published -> new Outcome(granted, published)));
    }

    private Mono<Integer> reserve(String room, int budgetPerSecond, int burst, int high, int low) {
        List<String> keys = List.of(RoomKeys.budget(room), RoomKeys.budgetLog(room));
        List<String> args = List.of(
                Integer.toString(budgetPerSecond),
                Integer.toString(burst),
                Integer.toString(high),
                Integer.toString(low),
                instance + "-" + sequence.incrementAndGet());
        return redis.execute(RoomScripts.RESERVE_BUDGET, keys, args).next().map(reply ->
                (int) Math.min(low, RoomScripts.longAt(reply, 0)));
    }

    private Mono<Boolean> publish(String room, List<RoomMessage> high, List<RoomMessage> low) {
        if (high.isEmpty() && low.isEmpty()) {
            return Mono.just(true);
        }
        List<String> args = new ArrayList<>(5 + high.size() + low.size());
        args.add(Channels.room(room));
        args.add(Integer.toString(history.size()));
        args.add(Long.toString(history.ttl().toMillis()));
        args.add(high.isEmpty() ? "" : encoder.batch(room, high));
        args.add(low.isEmpty() ? "" : encoder.batch(room, low));
        for (RoomMessage message : inAcceptanceOrder(high, low)) {
            args.add(encoder.message(message));
        }
        return redis.execute(
                        RoomScripts.PUBLISH_WINDOW, List.of(RedisKeys.room(room), RedisKeys.roomRecent(room)), args)
                .next()
                .map(published -> published == 1L);
    }

    private static List<RoomMessage> inAcceptanceOrder(List<RoomMessage> high, List<RoomMessage> low) {
        List<RoomMessage> all = new ArrayList<>(high.size() + low.size());
        all.addAll(high);
        all.addAll(low);
        all.sort(Comparator.comparingLong(RoomMessage::ts));
        return all;
    }
}
