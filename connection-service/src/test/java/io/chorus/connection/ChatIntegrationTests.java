package io.chorus.connection;

import static org.assertj.core.api.Assertions.assertThat;

import io.chorus.connection.support.Cluster;
import io.chorus.connection.support.TestSocket;
import io.chorus.protocol.ChatSubmitted;
import io.chorus.test.TestTokens;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** Chat goes to room-service with the handshake identity and its answer comes back to the sender. */
class ChatIntegrationTests {

    private static Cluster cluster;

    @BeforeAll
    static void start() {
        cluster = Cluster.get();
    }

    @Test
    void chatIsSubmittedWithTheHandshakeIdentityAndAnsweredWithAckOrTheContractCode() {
        String room = "chat-" + UUID.randomUUID();
        try (TestSocket viewer = TestSocket.connect(cluster.a.port(), TestTokens.user("chat-u1", "moderator"))) {
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
                    .contains(new ChatSubmitted(
                            room, "chat-u1", "Name of chat-u1", List.of("moderator"), "hello room", "c1"));

            String quiet = "quiet-" + UUID.randomUUID();
            viewer.join(quiet);
            viewer.send("{\"type\":\"chat\",\"id\":\"c2\",\"room\":\"" + quiet + "\",\"text\":\"again\"}");
            JsonNode refused = viewer.next("error");
            assertThat(TestSocket.text(refused, "id")).isEqualTo("c2");
            assertThat(TestSocket.text(refused, "code")).isEqualTo("slow_mode");
        }
    }

    @Test
    void aBannedUserCannotJoinWhileOthersAndEndedTimeoutsCan() {
        String room = "banned-" + UUID.randomUUID();
        cluster.redis.zadd(io.chorus.protocol.RedisKeys.roomBans(room), Double.POSITIVE_INFINITY, "ban-u1");
        cluster.redis.zadd(io.chorus.protocol.RedisKeys.roomBans(room), 1.0, "ban-u3"); // a timeout that ended
        try (TestSocket banned = TestSocket.connect(cluster.a.port(), TestTokens.user("ban-u1"));
                TestSocket welcome = TestSocket.connect(cluster.a.port(), TestTokens.user("ban-u2"));
                TestSocket served = TestSocket.connect(cluster.a.port(), TestTokens.user("ban-u3"))) {
            banned.send("{\"type\":\"join\",\"id\":\"j\",\"room\":\"" + room + "\"}");
            JsonNode refused = banned.next("error");
            assertThat(TestSocket.text(refused, "code")).isEqualTo("banned");
            assertThat(TestSocket.text(welcome.join(room), "type")).isEqualTo("joined");
            assertThat(TestSocket.text(served.join(room), "type")).isEqualTo("joined");
        }
    }
}
