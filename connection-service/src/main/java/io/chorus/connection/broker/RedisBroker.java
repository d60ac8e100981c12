package io.chorus.connection.broker;

import io.chorus.protocol.Channels;
import io.lettuce.core.pubsub.RedisPubSubAdapter;
import io.lettuce.core.pubsub.StatefulRedisPubSubConnection;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Redis sharded pub/sub (SSUBSCRIBE / SUNSUBSCRIBE, ready for Redis Cluster: a room's channel carries a hash
 * tag) over ONE Lettuce pub/sub connection. Commands are written in call order on that connection, so the
 * hub's subscribe/unsubscribe order per room is the order Redis sees. Lettuce queues commands while
 * disconnected and re-subscribes every channel after a reconnect.
 */
public final class RedisBroker implements Broker {

    private static final Logger log = LoggerFactory.getLogger(RedisBroker.class);

    private final StatefulRedisPubSubConnection<String, byte[]> connection;
    private final Set<String> rooms = ConcurrentHashMap.newKeySet();
    private volatile Handler handler;
    private volatile String instanceChannel;

    public RedisBroker(StatefulRedisPubSubConnection<String, byte[]> connection) {
        this.connection = connection;
        connection.addListener(new Listener());
    }

    @Override
    public void setHandler(Handler handler) {
        this.handler = handler;
    }

    @Override
    public CompletableFuture<Void> subscribe(String room) {
        rooms.add(room);
        return connection
                .async()
                .ssubscribe(Channels.room(room))
                .toCompletableFuture()
                .whenComplete((ok, error) -> logFailure("subscribe", room, error));
    }

    @Override
    public CompletableFuture<Void> unsubscribe(String room) {
        rooms.remove(room);
        return connection
                .async()
                .sunsubscribe(Channels.room(room))
                .toCompletableFuture()
                .whenComplete((ok, error) -> logFailure("unsubscribe", room, error));
    }

    @Override
    public CompletableFuture<Void> subscribeInstance(String instanceId) {
        String channel = Channels.instance(instanceId);
        instanceChannel = channel;
        return connection
                .async()
                .ssubscribe(channel)
                .toCompletableFuture()
                .whenComplete((ok, error) -> logFailure("subscribe", channel, error));
    }

    @Override
    public Set<String> subscribedRooms() {
        return Set.copyOf(rooms);
    }

    private static void logFailure(String what, String target, Throwable error) {
        if (error != null) {
            log.warn("redis {} failed: target={} error={}", what, target, error.toString());
        }
    }

    private final class Listener extends RedisPubSubAdapter<String, byte[]> {

        @Override
        public void smessage(String channel, byte[] message) {
            dispatch(channel, message);
        }

        @Override
        public void message(String channel, byte[] message) {
            dispatch(channel, message);
        }

        private void dispatch(String channel, byte[] message) {
            Handler current = handler;
            if (current == null) {
                return;
            }
            try {
                if (channel.equals(instanceChannel)) {
                    current.onInstanceMessage(message);
                    return;
                }
                String room = Channels.roomOf(channel);
                if (room != null) {
                    current.onRoomMessage(room, message);
                }
            } catch (RuntimeException e) {
                log.warn("broker message dropped: channel={} bytes={} error={}", channel, message.length, e.toString());
            }
        }
    }
}
