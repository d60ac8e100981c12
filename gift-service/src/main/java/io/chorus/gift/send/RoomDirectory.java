package io.chorus.gift.send;

import io.chorus.gift.config.GiftProperties;
import io.chorus.gift.web.GiftProblem;
import io.chorus.protocol.ErrorCode;
import io.chorus.protocol.RedisKeys;
import java.time.Duration;
import java.util.List;
import org.springframework.data.redis.core.ReactiveStringRedisTemplate;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Mono;

/**
 * Reads a room's state from room-service's read model in Redis ({@link RedisKeys#room(String)}, a hash with
 * the fields {@code state} ({@code live} or {@code closed}) and {@code streamer}). A missing hash is an unknown
 * room; any state but {@code live} is a closed room.
 */
@Component
class RoomDirectory {

    static final String STATE = "state";
    static final String STREAMER = "streamer";
    static final String LIVE = "live";

    private final ReactiveStringRedisTemplate redis;
    private final Duration timeout;

    RoomDirectory(ReactiveStringRedisTemplate redis, GiftProperties properties) {
        this.redis = redis;
        this.timeout = properties.requestTimeout();
    }

    /** The open room, or an error: 404 {@code room_not_found}, 409 {@code room_closed}. */
    Mono<OpenRoom> requireOpen(String room) {
        return redis.<String, String>opsForHash()
                .multiGet(RedisKeys.room(room), List.of(STATE, STREAMER))
                .timeout(timeout)
                .flatMap(fields -> check(room, fields.get(0), fields.get(1)));
    }

    private static Mono<OpenRoom> check(String room, String state, String streamer) {
        if (state == null) {
            return Mono.error(new GiftProblem(HttpStatus.NOT_FOUND, ErrorCode.ROOM_NOT_FOUND, "no room " + room));
        }
        if (!LIVE.equals(state)) {
            return Mono.error(
                    new GiftProblem(HttpStatus.CONFLICT, ErrorCode.ROOM_CLOSED, "room " + room + " is closed"));
        }
        return Mono.just(new OpenRoom(room, streamer));
    }

    /** A live room and its streamer ({@code null} when room-service did not record one). */
    record OpenRoom(String id, String streamer) {}
}
