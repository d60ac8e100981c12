package io.chorus.connection;

import static org.assertj.core.api.Assertions.assertThat;

import io.chorus.connection.support.Cluster;
import io.chorus.connection.support.RawSocket;
import io.chorus.connection.support.TestSocket;
import io.chorus.protocol.CloseCode;
import io.chorus.test.TestTokens;
import java.io.EOFException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;

/** Bad input gets an error frame or a documented close, and never disturbs anyone else. */
class BadInputIntegrationTests {

    private static Cluster cluster;

    @BeforeAll
    static void start() {
        cluster = Cluster.get();
    }

    @Test
    void eachKindOfBadInputGetsAnErrorFrameWithItsCodeAndOthersKeepReceiving() {
        String room = "bad-" + UUID.randomUUID();
        try (TestSocket watcher = TestSocket.connect(cluster.b.port(), TestTokens.user("bad-watcher"));
                TestSocket abuser = TestSocket.connect(cluster.b.port(), TestTokens.user("bad-abuser"))) {
            watcher.join(room);
            abuser.join(room);

            abuser.send("{not json");
            assertThat(code(abuser.next("error"))).isEqualTo("malformed");
            abuser.send("{\"type\":\"launch\",\"id\":\"x1\"}");
            JsonNode unknown = abuser.next("error");
            assertThat(code(unknown)).isEqualTo("unknown_type");
            assertThat(TestSocket.text(unknown, "id")).isEqualTo("x1");
            abuser.send("{\"type\":\"chat\",\"id\":\"x2\",\"room\":\"" + room + "\"}");
            assertThat(code(abuser.next("error"))).isEqualTo("bad_request");
            abuser.sendBinary(new byte[] {(byte) 0xde, (byte) 0xad, (byte) 0xbe, (byte) 0xef, 0, 1, 2});
            assertThat(code(abuser.next("error"))).isEqualTo("bad_request");
            abuser.send("{\"type\":\"ping\",\"id\":\"" + "i".repeat(65) + "\"}");
            assertThat(code(abuser.next("error"))).isEqualTo("bad_request");
            abuser.send("{\"type\":\"chat\",\"room\":\"r\",\"text\":\"" + "z".repeat(9000) + "\"}");
            assertThat(code(abuser.next("error"))).isEqualTo("too_large");

            // still served after six bad frames
            abuser.send("{\"type\":\"ping\",\"id\":\"ok\"}");
            assertThat(TestSocket.text(abuser.next("pong"), "id")).isEqualTo("ok");

            cluster.publishToRoom(room, FanoutIntegrationTests.gift(room, 1));
            assertThat(watcher.next("gift").get("seq").asLong()).isEqualTo(1);
            assertThat(abuser.next("gift").get("seq").asLong()).isEqualTo(1);
        }
    }

    @Test
    void aJoinFloodIsCappedPerConnection() {
        try (TestSocket flooder = TestSocket.connect(cluster.b.port(), TestTokens.user("flood-u1"))) {
            String prefix = "flood-" + UUID.randomUUID() + "-";
            for (int i = 0; i < 20; i++) {
                flooder.send("{\"type\":\"join\",\"id\":\"j" + i + "\",\"room\":\"" + prefix + i + "\"}");
            }
            List<String> replies = new ArrayList<>();
            for (int i = 0; i < 20; i++) {
                JsonNode reply = flooder.next(frame -> TestSocket.text(frame, "id") != null, Duration.ofSeconds(10));
                replies.add(TestSocket.text(reply, "type") + ":" + (code(reply) == null ? "" : code(reply)));
            }
            assertThat(replies.stream().filter("joined:"::equals)).hasSize(16);
            assertThat(replies.stream().filter("error:limit_exceeded"::equals)).hasSize(4);
            assertThat(cluster.roomSubscribers(prefix + 19)).isZero();
        }
    }

    @Test
    void repeatedAbuseClosesWith1008AndAFrameFarOverTheLimitWith1009() throws Exception {
        try (TestSocket abuser = TestSocket.connect(cluster.b.port(), TestTokens.user("abuse-u1"))) {
            for (int i = 0; i < 12; i++) {
                abuser.send("garbage " + i);
            }
            assertThat(abuser.awaitClose(Duration.ofSeconds(10))).isEqualTo(CloseCode.POLICY_VIOLATION.code());
        }
        try (TestSocket spammer = TestSocket.connect(cluster.b.port(), TestTokens.user("abuse-u2"))) {
            for (int i = 0; i < 300; i++) {
                spammer.send("{\"type\":\"ping\"}");
            }
            assertThat(spammer.next("error").get("code").asString()).isEqualTo("rate_limited");
            assertThat(spammer.awaitClose(Duration.ofSeconds(10))).isEqualTo(CloseCode.POLICY_VIOLATION.code());
        }
        try (RawSocket huge = RawSocket.connect(cluster.b.port(), TestTokens.user("abuse-u3"), 65536)) {
            byte[] megabyte = "h".repeat(1024 * 1024).getBytes(StandardCharsets.UTF_8);
            java.util.concurrent.CompletableFuture.runAsync(() -> {
                try {
                    huge.send(0x1, megabyte);
                } catch (java.io.IOException e) {
                    // the server closes before taking it all
                }
            });
            int code = -1;
            try {
                RawSocket.Frame frame;
                while ((frame = huge.read()).opcode() != 0x8) {
                    // skip anything before the close
                }
                code = frame.closeCode();
            } catch (EOFException e) {
                // cut without a close frame
            }
            assertThat(code).isEqualTo(CloseCode.TOO_LARGE.code());
        }
    }

    private static String code(JsonNode frame) {
        return TestSocket.text(frame, "code");
    }
}
