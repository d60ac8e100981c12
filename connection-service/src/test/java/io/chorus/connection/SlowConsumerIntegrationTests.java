package io.chorus.connection;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.chorus.connection.metrics.ConnectionMetrics;
import io.chorus.connection.metrics.ConnectionMetrics.DropReason;
import io.chorus.connection.support.Cluster;
import io.chorus.connection.support.RawSocket;
import io.chorus.connection.support.TestSocket;
import io.chorus.test.TestTokens;
import io.micrometer.core.instrument.MeterRegistry;
import java.io.EOFException;
import java.io.IOException;
import java.net.SocketException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** A client that stops reading loses chatter, never gifts; a hopeless one is closed with 1013. */
class SlowConsumerIntegrationTests {

    private static final JsonMapper MAPPER = JsonMapper.builder().build();
    private static final String PADDING = "x".repeat(16 * 1024);
    private static Cluster cluster;

    @BeforeAll
    static void start() {
        cluster = Cluster.get();
    }

    @Test
    void aSlowConsumerLosesLowPriorityChatterButReceivesEveryGift() throws Exception {
        String room = "slow-" + UUID.randomUUID();
        ConnectionMetrics metrics = cluster.a.bean(ConnectionMetrics.class);
        double droppedBefore = metrics.dropCount(DropReason.SLOW_CONSUMER, false);
        try (RawSocket slow = RawSocket.connect(cluster.a.port(), TestTokens.user("slow-u1"), 4096);
                TestSocket fast = TestSocket.connect(cluster.a.port(), TestTokens.user("slow-u2"))) {
            slow.sendText("{\"type\":\"join\",\"id\":\"j\",\"room\":\"" + room + "\"}");
            assertThat(slow.read().text()).contains("\"joined\"");
            fast.join(room);

            int batches = 600;
            int gifts = 0;
            for (int i = 1; i <= batches; i++) {
                cluster.publishToRoom(room, bigBatch(room, i));
                if (i % 10 == 0) {
                    cluster.publishToRoom(room, FanoutIntegrationTests.gift(room, ++gifts));
                }
            }

            // the fast viewer, on the same instance and room, gets every gift (and keeps receiving)
            int fastGifts = 0;
            while (fastGifts < gifts) {
                JsonNode frame = fast.next(any -> true, Duration.ofSeconds(20));
                if ("gift".equals(TestSocket.text(frame, "type"))) {
                    fastGifts++;
                }
            }

            await().atMost(Duration.ofSeconds(10))
                    .until(() -> metrics.dropCount(DropReason.SLOW_CONSUMER, false) > droppedBefore);

            // now the slow one reads what it was left: every gift, in order, and only part of the chatter
            List<Long> giftSeqs = new ArrayList<>();
            int chatter = 0;
            while (giftSeqs.size() < gifts) {
                JsonNode frame = MAPPER.readTree(slow.read().payload());
                if ("gift".equals(TestSocket.text(frame, "type"))) {
                    giftSeqs.add(frame.get("seq").asLong());
                } else {
                    chatter++;
                }
            }
            assertThat(giftSeqs)
                    .isEqualTo(java.util.stream.LongStream.rangeClosed(1, gifts)
                            .boxed()
                            .toList());
            assertThat(chatter).isLessThan(batches);
            assertThat(metrics.dropCount(DropReason.SLOW_CONSUMER, true)).isZero();
        }
    }

    @Test
    void aHopelessConsumerIsClosedWith1013() throws Exception {
        String room = "hopeless-" + UUID.randomUUID();
        MeterRegistry registry = cluster.a.bean(MeterRegistry.class);
        try (RawSocket hopeless = RawSocket.connect(cluster.a.port(), TestTokens.user("hopeless-u1"), 4096);
                TestSocket other = TestSocket.connect(cluster.a.port(), TestTokens.user("hopeless-u2"))) {
            hopeless.sendText("{\"type\":\"join\",\"id\":\"j\",\"room\":\"" + room + "\"}");
            assertThat(hopeless.read().text()).contains("\"joined\"");
            other.join(room);

            // high-priority frames are never dropped: they pile up until the backlog is hopeless
            for (int i = 1; i <= 400; i++) {
                cluster.publishToRoom(room, bigBatch(room, i).replace("\"low\"", "\"high\""));
            }

            await().atMost(Duration.ofSeconds(15))
                    .until(() -> registry.find(ConnectionMetrics.CLOSES)
                                    .tag("code", "1013")
                                    .counter()
                            != null);
            assertThat(readUntilClosed(hopeless)).isIn(1013, -1);
            for (int i = 0; i < 400; i++) {
                other.next("room.batch");
            }
            other.send("{\"type\":\"ping\",\"id\":\"still-here\"}");
            assertThat(TestSocket.text(other.next("pong"), "id")).isEqualTo("still-here");
        }
    }

    /** Reads until the socket ends: the close code if a close frame arrived, -1 if it was cut. */
    private static int readUntilClosed(RawSocket socket) throws IOException {
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        try {
            while (System.nanoTime() < deadline) {
                RawSocket.Frame frame = socket.read();
                if (frame.opcode() == 0x8) {
                    return frame.closeCode();
                }
            }
            throw new AssertionError("still open");
        } catch (EOFException | SocketException e) {
            return -1;
        }
    }

    private static String bigBatch(String room, int i) {
        return "{\"type\":\"room.batch\",\"room\":\"" + room + "\",\"msgs\":[{\"msgId\":\"m" + i
                + "\",\"from\":\"u\",\"name\":\"U\",\"text\":\"" + PADDING + "\",\"ts\":1,\"prio\":\"low\"}]}";
    }
}
