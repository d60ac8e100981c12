package io.chorus.presence.device;

import io.chorus.presence.PresenceKeys;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.event.EventListener;
import org.springframework.data.redis.connection.DataType;
import org.springframework.data.redis.core.ReactiveStringRedisTemplate;
import org.springframework.data.redis.core.ScanOptions;
import org.springframework.stereotype.Component;
import reactor.core.Disposable;
import reactor.core.publisher.Mono;

/**
 * Converts users stored as a hash by an earlier version ({@code d:<device>} -> instance, {@code seen}) to
 * the string form once, in the background after the first start-up of this version, so that look-ups ({@code MGET}, which sees a hash
 * as a missing key) find them before their next batch. The conversion is the batch script with an empty
 * delta: it changes nothing else, and running it twice, or on several presence-services at once, is
 * harmless.
 */
@Component
public class LegacyHashConversion implements DisposableBean {

    private static final Logger log = LoggerFactory.getLogger(LegacyHashConversion.class);
    private static final int CHUNK = UserStateRedis.WRITE_CHUNK;
    /** No reporting instance, no live or dead instances: nothing is pruned. */
    private static final List<String> NO_INSTANCES = List.of("", "0", "0");

    private final ReactiveStringRedisTemplate redis;
    private final UserStateRedis states;
    private volatile Disposable running;

    LegacyHashConversion(ReactiveStringRedisTemplate redis, UserStateRedis states) {
        this.redis = redis;
        this.states = states;
    }

    @EventListener(ApplicationReadyEvent.class)
    void startInBackground() {
        running = redis.hasKey(PresenceKeys.STRING_FORMAT)
                .filter(done -> !done)
                .flatMap(todo -> convertAll())
                .subscribe(
                        converted -> {
                            if (converted > 0) {
                                log.info("converted presence hashes to strings: users={}", converted);
                            }
                        },
                        error -> log.warn("presence hash conversion failed: error={}", error.toString()));
    }

    /**
     * Converts every user still stored as a hash, then marks the conversion done ({@link
     * PresenceKeys#STRING_FORMAT}) so that later start-ups skip the scan; returns how many.
     */
    public Mono<Long> convertAll() {
        ScanOptions hashes = ScanOptions.scanOptions()
                .match("presence:{*}")
                .type(DataType.HASH)
                .count(1_000)
                .build();
        return redis.scan(hashes)
                .filter(key -> key.endsWith("}"))
                .buffer(CHUNK)
                .concatMap(keys -> states.apply(
                                keys,
                                NO_INSTANCES,
                                keys.stream().map(key -> "0").toList())
                        .thenReturn(keys.size()))
                .reduce(0L, Long::sum)
                .flatMap(converted -> redis.opsForValue()
                        .set(PresenceKeys.STRING_FORMAT, Long.toString(System.currentTimeMillis()))
                        .thenReturn(converted));
    }

    @Override
    public void destroy() {
        Disposable current = running;
        if (current != null) {
            current.dispose();
        }
    }
}
