package io.chorus.gift.support;

import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisURI;
import io.lettuce.core.pubsub.RedisPubSubAdapter;
import io.lettuce.core.pubsub.StatefulRedisPubSubConnection;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;

/**
 * A real Redis subscriber, as a connection-service instance is one: sharded ({@code SSUBSCRIBE}) to room and
 * instance delivery channels.
 */
public final class ChannelSubscriber implements AutoCloseable {

    private final RedisClient client;
    private final StatefulRedisPubSubConnection<String, String> connection;
    private final List<String> messages = new CopyOnWriteArrayList<>();
    private volatile Consumer<String> onMessage = message -> {};

    private ChannelSubscriber(String host, int port) {
        this.client = RedisClient.create(RedisURI.create(host, port));
        this.connection = client.connectPubSub();
        connection.addListener(new RedisPubSubAdapter<>() {
            @Override
            public void message(String channel, String message) {
                received(message);
            }

            @Override
            public void smessage(String channel, String message) {
                received(message);
            }
        });
    }

    public static ChannelSubscriber sharded(String host, int port, String channel) {
        var subscriber = new ChannelSubscriber(host, port);
        subscriber.connection.sync().ssubscribe(channel);
        return subscriber;
    }

    private void received(String message) {
        onMessage.accept(message);
        messages.add(message);
    }

    /** Also hands every message to {@code listener} on arrival (on Lettuce's thread). */
    public void onMessage(Consumer<String> listener) {
        this.onMessage = listener;
    }

    public List<String> messages() {
        return List.copyOf(messages);
    }

    @Override
    public void close() {
        connection.close();
        client.shutdown(Duration.ZERO, Duration.ofSeconds(1));
    }
}
