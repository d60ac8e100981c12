package io.chorus.connection.route;

import io.chorus.protocol.RedisKeys;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.async.RedisAsyncCommands;
import java.time.Clock;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The route index in Redis: {@link RedisKeys#roomRoute} is a sorted set of instance ids scored by lease
 * expiry (epoch millis), so readers take members with a score above now. The instance lease
 * ({@link RedisKeys#instanceLease}, a key with a TTL) and membership in {@link RedisKeys#INSTANCES} say the
 * instance is alive. {@link #renew} refreshes the lease and every local room's score; it runs well within
 * the TTL. Commands go out asynchronously on one connection, in call order.
 */
public final class RedisRouteIndex implements RouteIndex {

    private static final Logger log = LoggerFactory.getLogger(RedisRouteIndex.class);

    private final StatefulRedisConnection<String, String> connection;
    private final String instanceId;
    private final Duration leaseTtl;
    private final Clock clock;
    private final Set<String> rooms = ConcurrentHashMap.newKeySet();

    public RedisRouteIndex(
            StatefulRedisConnection<String, String> connection, String instanceId, Duration leaseTtl, Clock clock) {
        this.connection = connection;
        this.instanceId = instanceId;
        this.leaseTtl = leaseTtl;
        this.clock = clock;
    }

    @Override
    public CompletableFuture<Void> roomActive(String room) {
        rooms.add(room);
        return commands()
                .zadd(RedisKeys.roomRoute(room), expiry(), instanceId)
                .whenComplete(this::logFailure)
                .toCompletableFuture()
                .thenApply(added -> null);
    }

    @Override
    public void roomInactive(String room) {
        rooms.remove(room);
        commands().zrem(RedisKeys.roomRoute(room), instanceId).whenComplete(this::logFailure);
    }

    /** Renews the lease and the score of every local room. */
    public void renew() {
        RedisAsyncCommands<String, String> commands = commands();
        commands.set(RedisKeys.instanceLease(instanceId), Long.toString(clock.millis()), leaseArgs())
                .whenComplete(this::logFailure);
        commands.sadd(RedisKeys.INSTANCES, instanceId).whenComplete(this::logFailure);
        double expiry = expiry();
        for (String room : rooms) {
            commands.zadd(RedisKeys.roomRoute(room), expiry, instanceId).whenComplete(this::logFailure);
        }
    }

    /** Removes the lease and this instance's route entries (end of a drain). */
    public void release() {
        RedisAsyncCommands<String, String> commands = commands();
        for (String room : rooms) {
            commands.zrem(RedisKeys.roomRoute(room), instanceId).whenComplete(this::logFailure);
        }
        commands.srem(RedisKeys.INSTANCES, instanceId).whenComplete(this::logFailure);
        commands.del(RedisKeys.instanceLease(instanceId)).whenComplete(this::logFailure);
    }

    /** Local rooms currently registered. */
    public int size() {
        return rooms.size();
    }

    private io.lettuce.core.SetArgs leaseArgs() {
        return io.lettuce.core.SetArgs.Builder.px(leaseTtl.toMillis());
    }

    private double expiry() {
        return clock.millis() + leaseTtl.toMillis();
    }

    private RedisAsyncCommands<String, String> commands() {
        return connection.async();
    }

    private void logFailure(Object ignored, Throwable error) {
        if (error != null) {
            log.warn("route index update failed: instance={} error={}", instanceId, error.toString());
        }
    }

    /** For callers that want to hand the renewal to a scheduler. */
    public Supplier<Integer> sizeSupplier() {
        return this::size;
    }
}
