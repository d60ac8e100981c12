package io.chorus.connection.upstream;

import io.chorus.protocol.RedisKeys;
import io.lettuce.core.api.StatefulRedisConnection;
import java.time.Clock;
import java.time.Duration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.publisher.Mono;

/**
 * Bans and timeouts, read at join from room-service's Redis read model {@link RedisKeys#roomBans} (a sorted
 * set: user -> ban end in epoch millis, {@code +inf} for permanent). One ZSCORE per join, with a timeout;
 * when Redis does not answer the join goes ahead (chat is checked again by room-service).
 */
public final class RoomBans {

    private static final Logger log = LoggerFactory.getLogger(RoomBans.class);

    private final StatefulRedisConnection<String, String> connection;
    private final Duration timeout;
    private final Clock clock;

    public RoomBans(StatefulRedisConnection<String, String> connection, Duration timeout, Clock clock) {
        this.connection = connection;
        this.timeout = timeout;
        this.clock = clock;
    }

    /** Whether {@code user} is banned from {@code room} right now; false when unknown. */
    public Mono<Boolean> isBanned(String room, String user) {
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
