package io.chorus.presence.viewers;

import io.chorus.presence.PresenceKeys;
import io.chorus.presence.config.PresenceProperties;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.springframework.data.redis.core.ReactiveStringRedisTemplate;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * Approximate distinct viewers per room, from HyperLogLogs over rotating windows: each window's key holds
 * the viewers seen in it (about 12 KB at most, whatever the churn), and expires two windows later. The
 * count is the union of the current and the previous window, so a viewer who stays (re-announced once per
 * window by its connection-service) is always counted, and one who left drops out within two windows.
 */
@Component
public class ViewerCounter {

    private static final int ADD_CHUNK = 1_000;

    private final ReactiveStringRedisTemplate redis;
    private final Clock clock;
    private final long windowMillis;
    private final Duration keyTtl;

    public ViewerCounter(ReactiveStringRedisTemplate redis, PresenceProperties properties, Clock clock) {
        this.redis = redis;
        this.clock = clock;
        this.windowMillis = properties.viewerWindow().toMillis();
        this.keyTtl = properties.viewerWindow().multipliedBy(2).plusSeconds(10);
    }

    /** Records viewers seen now, per room. */
    public Mono<Void> record(Map<String, List<String>> viewersByRoom) {
        long window = window();
        return Flux.fromIterable(viewersByRoom.entrySet())
                .flatMap(room -> record(room.getKey(), room.getValue(), window))
                .then();
    }

    /** The approximate number of distinct viewers of {@code room}. */
    public Mono<Long> count(String room) {
        long window = window();
        return redis.opsForHyperLogLog()
                .size(PresenceKeys.viewers(room, window), PresenceKeys.viewers(room, window - 1));
    }

    private Mono<Void> record(String room, List<String> viewers, long window) {
        String key = PresenceKeys.viewers(room, window);
        return Flux.fromIterable(viewers)
                .buffer(ADD_CHUNK)
                .concatMap(chunk -> redis.opsForHyperLogLog().add(key, chunk.toArray(String[]::new)))
                .then(redis.expire(key, keyTtl))
                .then();
    }

    private long window() {
        return clock.millis() / windowMillis;
    }
}
