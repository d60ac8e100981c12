package io.chorus.stream.notify;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.chorus.infra.InfraEndpoints;
import io.chorus.infra.Store;
import io.chorus.protocol.Channels;
import io.chorus.protocol.DeviceLocation;
import io.chorus.protocol.RedisKeys;
import io.chorus.protocol.ServerFrame;
import io.chorus.protocol.UserDelivery;
import io.chorus.test.ChorusInfrastructure;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisURI;
import io.lettuce.core.pubsub.RedisPubSubAdapter;
import io.lettuce.core.pubsub.StatefulRedisPubSubConnection;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.data.redis.connection.RedisStandaloneConfiguration;
import org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory;
import org.springframework.data.redis.core.ReactiveStringRedisTemplate;
import reactor.core.publisher.Mono;
import tools.jackson.databind.json.JsonMapper;

/** The notify path against real Redis: what each instance's delivery channel receives. */
class UserNotifierIntegrationTests {

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private static final Duration WAIT = Duration.ofSeconds(10);

    private static LettuceConnectionFactory factory;
    private static ReactiveStringRedisTemplate redis;
    private static RedisClient client;

    private final String i1 = "n1-" + UUID.randomUUID();
    private final String i2 = "n2-" + UUID.randomUUID();
    private final List<AutoCloseable> subscriptions = new ArrayList<>();
    private final SimpleMeterRegistry meters = new SimpleMeterRegistry();

    @BeforeAll
    static void connect() {
        InfraEndpoints endpoints = ChorusInfrastructure.endpoints(Store.REDIS);
        factory = new LettuceConnectionFactory(
                new RedisStandaloneConfiguration(endpoints.redisHost(), endpoints.redisPort()));
        factory.afterPropertiesSet();
        factory.start();
        redis = new ReactiveStringRedisTemplate(factory);
        client = RedisClient.create(RedisURI.create(endpoints.redisHost(), endpoints.redisPort()));
    }

    @AfterAll
    static void disconnect() {
        factory.destroy();
        client.shutdown(Duration.ZERO, Duration.ofSeconds(1));
    }

    @AfterEach
    void unsubscribe() throws Exception {
        for (AutoCloseable subscription : subscriptions) {
            subscription.close();
        }
        redis.opsForSet().remove(RedisKeys.INSTANCES, i1, i2).block();
    }

    @Test
    void eachInstanceGetsOneDeliveryPerFrameListingOnlyTheUsersItHolds() {
        List<UserDelivery> atI1 = subscribe(i1);
        List<UserDelivery> atI2 = subscribe(i2);
        UserLocator presence = users -> Mono.just(Map.of(
                "ann", List.of(new DeviceLocation("phone", i1), new DeviceLocation("laptop", i2)),
                "bob", List.of(new DeviceLocation("phone", i1))));
        ServerFrame gifts = new ServerFrame.Notify("gifts", 7);
        ServerFrame group = new ServerFrame.Notify("g:42", 3);

        UserNotifier.Report report = notifier(presence)
                .deliver(List.of(
                        new Notification("ann", gifts),
                        new Notification("bob", gifts),
                        new Notification("carl", gifts),
                        new Notification("ann", group)))
                .block();

        assertThat(report.broadcast()).isFalse();
        assertThat(report.offlineUsers()).isEqualTo(1);
        assertThat(report.published()).isEqualTo(4);
        await().atMost(WAIT).until(() -> atI1.size() == 2 && atI2.size() == 2);
        assertThat(atI1)
                .containsExactlyInAnyOrder(
                        new UserDelivery(List.of("ann", "bob"), gifts), new UserDelivery(List.of("ann"), group));
        assertThat(atI2)
                .containsExactlyInAnyOrder(
                        new UserDelivery(List.of("ann"), gifts), new UserDelivery(List.of("ann"), group));
        assertThat(meters.get("chat.notify.deliveries")
                        .tag("path", "presence")
                        .counter()
                        .count())
                .isEqualTo(4);
        assertThat(meters.get("chat.notify.offline").counter().count()).isEqualTo(1);
    }

    @Test
    void whenTheLookUpFailsEveryLiveInstanceGetsEveryFrame() {
        redis.opsForSet().add(RedisKeys.INSTANCES, i1, i2).block();
        List<UserDelivery> atI1 = subscribe(i1);
        List<UserDelivery> atI2 = subscribe(i2);
        UserLocator down = users -> Mono.error(new IllegalStateException("presence-service unreachable"));
        ServerFrame frame = new ServerFrame.Notify("gifts", 9);

        UserNotifier.Report report = notifier(down)
                .deliver(List.of(new Notification("ann", frame), new Notification("bob", frame)))
                .block();

        assertThat(report.broadcast()).isTrue();
        await().atMost(WAIT).until(() -> atI1.size() == 1 && atI2.size() == 1);
        assertThat(atI1).containsExactly(new UserDelivery(List.of("ann", "bob"), frame));
        assertThat(atI2).containsExactly(new UserDelivery(List.of("ann", "bob"), frame));
        assertThat(meters.get("chat.notify.deliveries")
                        .tag("path", "broadcast")
                        .counter()
                        .count())
                .isGreaterThanOrEqualTo(2);
    }

    @Test
    void aLargeAudienceIsSplitIntoBoundedDeliveries() {
        List<UserDelivery> atI1 = subscribe(i1);
        List<String> users = IntStream.range(0, 1_200).mapToObj(n -> "u" + n).toList();
        UserLocator presence = asked -> Mono.just(asked.stream()
                .collect(
                        java.util.stream.Collectors.toMap(user -> user, user -> List.of(new DeviceLocation("d", i1)))));
        ServerFrame frame = new ServerFrame.Notify("g:big", 1);

        notifier(presence)
                .deliver(users.stream()
                        .map(user -> new Notification(user, frame))
                        .toList())
                .block();

        await().atMost(WAIT).until(() -> atI1.size() == 3);
        assertThat(atI1).allSatisfy(delivery -> assertThat(delivery.users())
                .hasSizeLessThanOrEqualTo(UserNotifier.USERS_PER_DELIVERY));
        assertThat(atI1.stream().flatMap(delivery -> delivery.users().stream()))
                .containsExactlyInAnyOrderElementsOf(users);
    }

    @Test
    void anUnreachableRedisIsCountedNeverThrown() {
        var dead = new LettuceConnectionFactory(new RedisStandaloneConfiguration("127.0.0.1", 1));
        dead.afterPropertiesSet();
        dead.start();
        try {
            UserLocator presence = users -> Mono.just(Map.of("ann", List.of(new DeviceLocation("d", i1))));
            var notifier = new UserNotifier(
                    new ReactiveStringRedisTemplate(dead), JSON, presence, Duration.ofSeconds(1), meters, "test");

            UserNotifier.Report report = notifier.deliver(
                            List.of(new Notification("ann", new ServerFrame.Notify("gifts", 1))))
                    .block(WAIT);

            assertThat(report.published()).isZero();
            assertThat(report.failures()).isEqualTo(1);
            assertThat(meters.get("chat.notify.failures").counter().count()).isEqualTo(1);
        } finally {
            dead.destroy();
        }
    }

    private UserNotifier notifier(UserLocator locator) {
        return new UserNotifier(redis, JSON, locator, Duration.ofSeconds(2), meters, "test");
    }

    private List<UserDelivery> subscribe(String instance) {
        List<UserDelivery> received = new CopyOnWriteArrayList<>();
        StatefulRedisPubSubConnection<String, String> connection = client.connectPubSub();
        connection.addListener(new RedisPubSubAdapter<>() {
            @Override
            public void smessage(String channel, String message) {
                received.add(JSON.readValue(message, UserDelivery.class));
            }
        });
        connection.sync().ssubscribe(Channels.instance(instance));
        subscriptions.add(connection::close);
        return received;
    }
}
