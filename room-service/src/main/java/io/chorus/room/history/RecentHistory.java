package io.chorus.room.history;

import io.chorus.protocol.RedisKeys;
import io.chorus.protocol.RoomMessage;
import io.chorus.protocol.RoomSnapshot;
import io.chorus.room.store.FrameEncoder;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.data.redis.core.ReactiveStringRedisTemplate;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * Reads a room's recent history (the capped list {@link RedisKeys#roomRecent}, newest last, written by the
 * window publisher) together with the room's state, for joiners.
 */
@Component
public class RecentHistory {

    private static final Logger log = LoggerFactory.getLogger(RecentHistory.class);

    private final ReactiveStringRedisTemplate redis;
    private final FrameEncoder encoder;

    public RecentHistory(ReactiveStringRedisTemplate redis, FrameEncoder encoder) {
        this.redis = redis;
        this.encoder = encoder;
    }

    /** The snapshot, or empty when there is no such room. */
    public Mono<RoomSnapshot> snapshot(String room) {
        Mono<String> state = redis.<String, String>opsForHash().get(RedisKeys.room(room), "state");
        Mono<List<RoomMessage>> recent = redis.opsForList()
                .range(RedisKeys.roomRecent(room), 0, -1)
                .flatMap(this::decode)
                .collectList();
        return Mono.zip(state, recent).map(both -> new RoomSnapshot(room, both.getT1(), both.getT2()));
    }

    private Flux<RoomMessage> decode(String json) {
        try {
            return Flux.just(encoder.decodeMessage(json));
        } catch (RuntimeException e) {
            log.warn("history entry skipped: error={}", e.toString());
            return Flux.empty();
        }
    }
}
