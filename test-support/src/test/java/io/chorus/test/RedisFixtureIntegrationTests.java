package io.chorus.test;

import static org.assertj.core.api.Assertions.assertThat;

import io.chorus.infra.InfraEndpoints;
import io.chorus.infra.Store;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisURI;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.pubsub.RedisPubSubAdapter;
import io.lettuce.core.pubsub.StatefulRedisPubSubConnection;
import java.time.Duration;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class RedisFixtureIntegrationTests {

    private static RedisClient client;

    @BeforeAll
    static void connect() {
        InfraEndpoints endpoints = ChorusInfrastructure.endpoints(Store.REDIS);
        client = RedisClient.create(RedisURI.builder()
                .withHost(endpoints.redisHost())
                .withPort(endpoints.redisPort())
                .withTimeout(Duration.ofSeconds(5))
                .build());
    }

    @AfterAll
    static void disconnect() {
        if (client != null) {
            client.shutdown(Duration.ZERO, Duration.ofSeconds(2));
        }
    }

    @Test
    void aPublishedMessageReachesTheSubscriber() throws Exception {
        String channel = "room:" + UUID.randomUUID();
        CompletableFuture<String> received = new CompletableFuture<>();
        try (StatefulRedisPubSubConnection<String, String> subscriber = client.connectPubSub();
                StatefulRedisConnection<String, String> publisher = client.connect()) {
            subscriber.addListener(new RedisPubSubAdapter<>() {
                @Override
                public void message(String from, String message) {
                    if (from.equals(channel)) {
                        received.complete(message);
                    }
                }
            });
            subscriber.sync().subscribe(channel);

            Long receivers = publisher.sync().publish(channel, "{\"type\":\"room.batch\"}");

            assertThat(receivers).isEqualTo(1L);
            assertThat(received.get(10, TimeUnit.SECONDS)).isEqualTo("{\"type\":\"room.batch\"}");
        }
    }

    @Test
    void shardedPubSubWorksSoTheServerIsRedis7() throws Exception {
        String channel = "room:" + UUID.randomUUID();
        CompletableFuture<String> received = new CompletableFuture<>();
        try (StatefulRedisPubSubConnection<String, String> subscriber = client.connectPubSub();
                StatefulRedisConnection<String, String> publisher = client.connect()) {
            subscriber.addListener(new RedisPubSubAdapter<>() {
                @Override
                public void smessage(String from, String message) {
                    received.complete(message);
                }
            });
            subscriber.sync().ssubscribe(channel);

            publisher.sync().spublish(channel, "gift");

            assertThat(received.get(10, TimeUnit.SECONDS)).isEqualTo("gift");
        }
    }
}
