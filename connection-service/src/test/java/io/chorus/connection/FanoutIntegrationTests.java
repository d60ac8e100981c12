package io.chorus.connection;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.chorus.connection.broker.Broker;
import io.chorus.connection.support.Cluster;
import io.chorus.connection.support.TestSocket;
import io.chorus.protocol.Channels;
import io.chorus.protocol.ErrorCode;
import io.chorus.protocol.RedisKeys;
import io.chorus.test.TestTokens;
import io.lettuce.core.RedisFuture;
import io.lettuce.core.api.async.RedisAsyncCommands;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/** Two instances on one real Redis: first-join subscription, exactly-once fan-out, last-leave unsubscribe. */
class FanoutIntegrationTests {

    private static final Duration QUIET = Duration.ofMillis(700);
    private static Cluster cluster;

    @BeforeAll
    static void start() {
        cluster = Cluster.get();
    }

    @Test
    void aFramePublishedIntoARoomReachesEveryViewerOnBothInstancesExactlyOnce() {
        String room = "fan-" + UUID.randomUUID();
        try (TestSocket a1 = TestSocket.connect(cluster.a.port(), TestTokens.user("fan-u1"));
                TestSocket a2 = TestSocket.connect(cluster.a.port(), TestTokens.user("fan-u2"));
                TestSocket b1 = TestSocket.connect(cluster.b.port(), TestTokens.user("fan-u3"))) {
            JsonNode joined = a1.join(room);
            a2.join(room);
            b1.join(room);

            assertThat(joined.get("recent").isArray()).isTrue();
            assertThat(cluster.roomSubscribers(room)).isEqualTo(2);
            assertThat(cluster.redis.zrange(RedisKeys.roomRoute(room), 0, -1))
                    .containsExactlyInAnyOrder("cs-a", "cs-b");

            assertThat(cluster.publishToRoom(room, gift(room, 1))).isEqualTo(2);
            cluster.publishToRoom(room, batch(room, "m1", "low"));
            for (TestSocket viewer : List.of(a1, a2, b1)) {
                List<JsonNode> frames = viewer.drain(QUIET);
                assertThat(frames)
                        .extracting(frame -> TestSocket.text(frame, "type"))
                        .containsExactly("gift", "room.batch");
                assertThat(frames.get(0).get("seq").asLong()).isEqualTo(1);
            }

            a1.leave(room);
            cluster.publishToRoom(room, gift(room, 2));
            assertThat(a2.next("gift").get("seq").asLong()).isEqualTo(2);
            assertThat(b1.next("gift").get("seq").asLong()).isEqualTo(2);
            assertThat(a1.drain(QUIET)).isEmpty();

            a2.leave(room); // the unsubscribe reaches Redis once the unsubscribe grace (300 ms here) is over
            await().atMost(Duration.ofSeconds(5)).until(() -> cluster.roomSubscribers(room) == 1);
            assertThat(cluster.a.bean(Broker.class).subscribedRooms()).doesNotContain(room);
            assertThat(cluster.b.bean(Broker.class).subscribedRooms()).contains(room);
            await().atMost(Duration.ofSeconds(5)).until(() -> cluster.redis
                    .zrange(RedisKeys.roomRoute(room), 0, -1)
                    .equals(List.of("cs-b")));

            cluster.publishToRoom(room, gift(room, 3));
            assertThat(b1.next("gift").get("seq").asLong()).isEqualTo(3);
            assertThat(a1.drain(QUIET)).isEmpty();
            assertThat(a2.drain(Duration.ZERO)).isEmpty();

            b1.leave(room);
            await().atMost(Duration.ofSeconds(5)).until(() -> cluster.roomSubscribers(room) == 0);
            await().atMost(Duration.ofSeconds(5)).until(() -> cluster.redis.exists(RedisKeys.roomRoute(room)) == 0);
        }
    }

    @Test
    void aDisconnectLeavesEveryRoomOfTheConnection() throws Exception {
        String first = "dis-" + UUID.randomUUID();
        String second = "dis-" + UUID.randomUUID();
        TestSocket viewer = TestSocket.connect(cluster.a.port(), TestTokens.user("dis-u1"));
        viewer.join(first);
        viewer.join(second);
        assertThat(cluster.roomSubscribers(first)).isEqualTo(1);

        viewer.close();

        await().atMost(Duration.ofSeconds(10))
                .until(() -> cluster.roomSubscribers(first) == 0 && cluster.roomSubscribers(second) == 0);
        assertThat(cluster.redis.exists(RedisKeys.roomRoute(first), RedisKeys.roomRoute(second)))
                .isZero();
    }

    @Test
    void joiningAnUnknownOrEndedRoomIsRefusedWithTheContractCode() {
        try (TestSocket viewer = TestSocket.connect(cluster.b.port(), TestTokens.user("fan-u4"))) {
            viewer.send("{\"type\":\"join\",\"id\":\"j1\",\"room\":\"missing-1\"}");
            viewer.send("{\"type\":\"join\",\"id\":\"j2\",\"room\":\"ended-1\"}");

            JsonNode notFound = viewer.next("error");
            JsonNode closed = viewer.next("error");
            assertThat(TestSocket.text(notFound, "id")).isEqualTo("j1");
            assertThat(TestSocket.text(notFound, "code")).isEqualTo(ErrorCode.ROOM_NOT_FOUND.code());
            assertThat(TestSocket.text(closed, "id")).isEqualTo("j2");
            assertThat(TestSocket.text(closed, "code")).isEqualTo(ErrorCode.ROOM_CLOSED.code());
            assertThat(cluster.roomSubscribers("missing-1")).isZero();
        }
    }

    @Test
    void roomClosedReachesViewersAndEndsTheSubscription() {
        String room = "close-" + UUID.randomUUID();
        try (TestSocket viewer = TestSocket.connect(cluster.a.port(), TestTokens.user("close-u1"))) {
            viewer.join(room);

            cluster.publishToRoom(room, "{\"type\":\"room.closed\",\"room\":\"" + room + "\"}");

            assertThat(TestSocket.text(viewer.next("room.closed"), "room")).isEqualTo(room);
            await().atMost(Duration.ofSeconds(5)).until(() -> cluster.roomSubscribers(room) == 0);
            viewer.send("{\"type\":\"chat\",\"id\":\"c\",\"room\":\"" + room + "\",\"text\":\"hi\"}");
            assertThat(TestSocket.text(viewer.next("error"), "code")).isEqualTo(ErrorCode.NOT_JOINED.code());
        }
    }

    /**
     * A burst of frames published back to back reaches each viewer complete and in order: many frames
     * share one drain and one flush per connection, framed once (short, 16-bit and 64-bit lengths) and, for
     * a deflate viewer, compressed once.
     */
    @Test
    void aBurstOfFramesArrivesCompleteAndInOrderOnEveryViewer() throws Exception {
        String room = "burst-" + UUID.randomUUID();
        int count = 300;
        try (TestSocket a1 = TestSocket.connect(cluster.a.port(), TestTokens.user("burst-u1"));
                TestSocket a2 = TestSocket.connectCompressed(cluster.a.port(), TestTokens.user("burst-u2"));
                TestSocket b1 = TestSocket.connect(cluster.b.port(), TestTokens.user("burst-u3"))) {
            a1.join(room);
            a2.join(room);
            b1.join(room);

            RedisAsyncCommands<String, String> async =
                    cluster.redis.getStatefulConnection().async();
            List<RedisFuture<Long>> sent = new ArrayList<>();
            for (int seq = 1; seq <= count; seq++) {
                sent.add(async.spublish(Channels.room(room), paddedGift(room, seq, padding(seq))));
            }
            for (RedisFuture<Long> future : sent) {
                assertThat(future.get(10, TimeUnit.SECONDS)).isEqualTo(2);
            }

            for (TestSocket viewer : List.of(a1, a2, b1)) {
                for (int seq = 1; seq <= count; seq++) {
                    JsonNode gift = viewer.next("gift");
                    assertThat(gift.get("seq").asLong()).isEqualTo(seq);
                    assertThat(TestSocket.text(gift, "pad")).hasSize(padding(seq));
                }
                assertThat(viewer.drain(QUIET)).isEmpty();
            }
        }
    }

    private static int padding(int seq) {
        return seq % 100 == 0 ? 70_000 : seq % 10 == 0 ? 300 : seq % 7;
    }

    private static String paddedGift(String room, long seq, int padding) {
        String gift = gift(room, seq);
        return gift.substring(0, gift.length() - 1) + ",\"pad\":\"" + "x".repeat(padding) + "\"}";
    }

    static String gift(String room, long seq) {
        return "{\"type\":\"gift\",\"room\":\"" + room + "\",\"seq\":" + seq + ",\"giftId\":\"g" + seq
                + "\",\"from\":\"u\",\"fromName\":\"U\",\"to\":\"s\",\"gift\":\"rose\",\"amount\":1,\"ts\":1}";
    }

    static String batch(String room, String msgId, String prio) {
        return "{\"type\":\"room.batch\",\"room\":\"" + room + "\",\"msgs\":[{\"msgId\":\"" + msgId
                + "\",\"from\":\"u\",\"name\":\"U\",\"text\":\"hello\",\"ts\":1,\"prio\":\"" + prio + "\"}]}";
    }
}
