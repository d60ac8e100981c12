package io.chorus.connection;

import static org.assertj.core.api.Assertions.assertThat;

import io.chorus.connection.drain.DrainCoordinator;
import io.chorus.connection.support.Cluster;
import io.chorus.connection.support.RawSocket;
import io.chorus.connection.support.TestSocket;
import io.chorus.connection.support.Tokens;
import io.chorus.protocol.ChatSubmitted;
import io.chorus.protocol.CloseCode;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.http.HttpHeaders;
import org.springframework.test.web.reactive.server.WebTestClient;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** Chat goes to room-service and its answer comes back; an instance drains with 1001 and refuses with 503. */
class ChatAndDrainIntegrationTests {

    private static Cluster cluster;

    @BeforeAll
    static void start() {
        cluster = Cluster.get();
    }

    @Test
    void chatIsSubmittedWithTheHandshakeIdentityAndAnsweredWithAckOrTheContractCode() {
        String room = "chat-" + UUID.randomUUID();
        try (TestSocket viewer = TestSocket.connect(cluster.a.port(), Tokens.valid("chat-u1", "moderator"))) {
            viewer.send("{\"type\":\"chat\",\"id\":\"c0\",\"room\":\"" + room + "\",\"text\":\"too early\"}");
            assertThat(TestSocket.text(viewer.next("error"), "code")).isEqualTo("not_joined");

            viewer.join(room);
            viewer.send("{\"type\":\"chat\",\"id\":\"c1\",\"room\":\"" + room + "\",\"text\":\"hello room\"}");
            JsonNode ack = viewer.next("ack");
            assertThat(TestSocket.text(ack, "id")).isEqualTo("c1");
            assertThat(TestSocket.text(ack, "msgId")).startsWith("m-");
            JsonMapper mapper = JsonMapper.builder().build();
            assertThat(cluster.upstream.bodies())
                    .map(body -> body.contains("hello room") ? mapper.readValue(body, ChatSubmitted.class) : null)
                    .contains(new ChatSubmitted(room, "chat-u1", "User chat-u1", List.of("moderator"), "hello room"));

            String quiet = "quiet-" + UUID.randomUUID();
            viewer.join(quiet);
            viewer.send("{\"type\":\"chat\",\"id\":\"c2\",\"room\":\"" + quiet + "\",\"text\":\"again\"}");
            JsonNode refused = viewer.next("error");
            assertThat(TestSocket.text(refused, "id")).isEqualTo("c2");
            assertThat(TestSocket.text(refused, "code")).isEqualTo("slow_mode");
        }
    }

    @Test
    void withEveryUpstreamDownJoinsStillSucceedChatIsUnavailableAndTheDrainClosesEveryoneWith1001() throws Exception {
        Cluster.Instance lonely = cluster.startIsolated(
                "cs-lonely",
                "--chorus.connection.upstream.room-service=http://127.0.0.1:1",
                "--chorus.connection.upstream.gift-service=http://127.0.0.1:1",
                "--chorus.connection.upstream.presence-service=http://127.0.0.1:1",
                "--chorus.connection.drain.batch-size=1",
                "--chorus.connection.drain.time=1s");
        try {
            String room = "lonely-" + UUID.randomUUID();
            TestSocket first = TestSocket.connect(lonely.port(), Tokens.valid("lonely-u1"));
            TestSocket second = TestSocket.connect(lonely.port(), Tokens.valid("lonely-u2"));
            JsonNode joined = first.join(room);
            assertThat(joined.get("recent").size()).isZero();
            assertThat(joined.has("viewers")).isFalse();
            second.join(room);
            first.send("{\"type\":\"chat\",\"id\":\"c\",\"room\":\"" + room + "\",\"text\":\"anyone?\"}");
            assertThat(TestSocket.text(first.next("error"), "code")).isEqualTo("unavailable");

            WebTestClient.bindToServer()
                    .baseUrl("http://127.0.0.1:" + lonely.port())
                    .responseTimeout(Duration.ofSeconds(10))
                    .build()
                    .post()
                    .uri("/actuator/drain")
                    .header(HttpHeaders.AUTHORIZATION, "Bearer " + Tokens.valid("ops", "admin"))
                    .exchange()
                    .expectStatus()
                    .isOk();

            assertThat(first.awaitClose(Duration.ofSeconds(10))).isEqualTo(CloseCode.GOING_AWAY.code());
            assertThat(second.awaitClose(Duration.ofSeconds(10))).isEqualTo(CloseCode.GOING_AWAY.code());
            assertThat(RawSocket.upgradeResponse(lonely.port(), "?access_token=" + Tokens.valid("late")))
                    .startsWith("HTTP/1.1 503");
            org.awaitility.Awaitility.await()
                    .atMost(Duration.ofSeconds(10))
                    .until(() ->
                            lonely.bean(DrainCoordinator.class).status().state() == DrainCoordinator.State.DRAINED);
            assertThat(cluster.roomSubscribers(room)).isZero();
        } finally {
            lonely.context().close();
        }
        assertThat(cluster.redis.exists(io.chorus.protocol.RedisKeys.instanceLease("cs-lonely")))
                .isZero();
    }
}
