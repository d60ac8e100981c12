package io.chorus.connection;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.chorus.connection.drain.DrainCoordinator;
import io.chorus.connection.support.Cluster;
import io.chorus.connection.support.RawSocket;
import io.chorus.connection.support.TestSocket;
import io.chorus.protocol.CloseCode;
import io.chorus.protocol.RedisKeys;
import io.chorus.test.TestTokens;
import java.time.Duration;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.springframework.http.HttpHeaders;
import org.springframework.test.web.reactive.server.WebTestClient;
import tools.jackson.databind.JsonNode;

/**
 * An instance whose upstream services are all down, with short heartbeats: joins still succeed, chat gets
 * {@code unavailable}, silent and expired connections are closed with their codes, and a drain closes
 * everyone with 1001 and refuses new upgrades with 503.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class LonelyInstanceIntegrationTests {

    private static Cluster cluster;
    private static Cluster.Instance lonely;

    @BeforeAll
    static void start() {
        cluster = Cluster.get();
        lonely = cluster.startIsolated(
                "cs-lonely",
                "--chorus.connection.upstream.room-service=http://127.0.0.1:1",
                "--chorus.connection.upstream.gift-service=http://127.0.0.1:1",
                "--chorus.connection.upstream.presence-service=http://127.0.0.1:1",
                "--chorus.connection.heartbeat.ping-after=1s",
                "--chorus.connection.heartbeat.idle-timeout=3s",
                "--chorus.connection.heartbeat.sweep-interval=250ms",
                "--chorus.connection.heartbeat.close-grace=500ms",
                "--chorus.connection.drain.batch-size=1",
                "--chorus.connection.drain.time=1s");
    }

    @AfterAll
    static void stop() {
        if (lonely != null && lonely.context().isActive()) {
            lonely.context().close();
        }
    }

    @Test
    @Order(1)
    void withEveryUpstreamDownJoinsStillSucceedAndChatIsUnavailable() {
        String room = "lonely-" + UUID.randomUUID();
        try (TestSocket viewer = TestSocket.connect(lonely.port(), TestTokens.user("lonely-u1"))) {
            JsonNode joined = viewer.join(room);
            assertThat(joined.get("recent").size()).isZero();
            assertThat(joined.has("viewers")).isFalse();
            assertThat(joined.has("giftSeq")).isFalse();

            viewer.send("{\"type\":\"chat\",\"id\":\"c\",\"room\":\"" + room + "\",\"text\":\"anyone?\"}");
            JsonNode error = viewer.next("error");
            assertThat(TestSocket.text(error, "id")).isEqualTo("c");
            assertThat(TestSocket.text(error, "code")).isEqualTo("unavailable");

            cluster.publishToRoom(room, FanoutIntegrationTests.gift(room, 1));
            assertThat(viewer.next("gift").get("seq").asLong()).isEqualTo(1);
        }
    }

    @Test
    @Order(2)
    void aSilentConnectionIsPingedThenClosedWith4002AndAnAnsweringOneStays() throws Exception {
        try (RawSocket silent = RawSocket.connect(lonely.port(), TestTokens.user("lonely-u2"), 65536);
                TestSocket answering = TestSocket.connect(lonely.port(), TestTokens.user("lonely-u3"))) {
            RawSocket.Frame ping = silent.read();
            assertThat(ping.opcode()).isEqualTo(0x9);
            RawSocket.Frame close = silent.read();
            assertThat(close.opcode()).isEqualTo(0x8);
            assertThat(close.closeCode()).isEqualTo(CloseCode.IDLE_TIMEOUT.code());

            assertThat(answering.isClosed()).isFalse(); // Reactor Netty answers the pings with pongs
            answering.send("{\"type\":\"ping\",\"id\":\"alive\"}");
            assertThat(TestSocket.text(answering.next("pong"), "id")).isEqualTo("alive");
        }
    }

    @Test
    @Order(3)
    void aConnectionWhoseTokenExpiresIsClosedWith4001() {
        try (TestSocket expiring =
                TestSocket.connect(lonely.port(), TestTokens.expiringIn("lonely-u4", Duration.ofSeconds(2)))) {
            assertThat(expiring.awaitClose(Duration.ofSeconds(10))).isEqualTo(CloseCode.TOKEN_EXPIRED.code());
        }
    }

    @Test
    @Order(4)
    void theDrainClosesEveryoneWith1001AndRefusesNewUpgradesWith503() throws Exception {
        String room = "drain-" + UUID.randomUUID();
        TestSocket first = TestSocket.connect(lonely.port(), TestTokens.user("lonely-u5"));
        TestSocket second = TestSocket.connect(lonely.port(), TestTokens.user("lonely-u6"));
        first.join(room);
        second.join(room);
        assertThat(cluster.roomSubscribers(room)).isEqualTo(1);

        WebTestClient.bindToServer()
                .baseUrl("http://127.0.0.1:" + lonely.port())
                .responseTimeout(Duration.ofSeconds(10))
                .build()
                .post()
                .uri("/actuator/drain")
                .header(HttpHeaders.AUTHORIZATION, "Bearer " + TestTokens.user("ops", "admin"))
                .exchange()
                .expectStatus()
                .isOk();

        assertThat(first.awaitClose(Duration.ofSeconds(10))).isEqualTo(CloseCode.GOING_AWAY.code());
        assertThat(second.awaitClose(Duration.ofSeconds(10))).isEqualTo(CloseCode.GOING_AWAY.code());
        assertThat(RawSocket.upgradeResponse(lonely.port(), "?access_token=" + TestTokens.user("late")))
                .startsWith("HTTP/1.1 503");
        await().atMost(Duration.ofSeconds(10))
                .until(() -> lonely.bean(DrainCoordinator.class).status().state() == DrainCoordinator.State.DRAINED);
        await().atMost(Duration.ofSeconds(5)).until(() -> cluster.roomSubscribers(room) == 0);

        lonely.context().close();
        assertThat(cluster.redis.exists(RedisKeys.instanceLease("cs-lonely"))).isZero();
        assertThat(cluster.redis.sismember(RedisKeys.INSTANCES, "cs-lonely")).isFalse();
    }
}
