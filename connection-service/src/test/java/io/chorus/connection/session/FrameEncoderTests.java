package io.chorus.connection.session;

import static org.assertj.core.api.Assertions.assertThat;

import io.chorus.connection.upstream.JoinSnapshot;
import io.chorus.connection.upstream.JoinSnapshots;
import io.chorus.protocol.Priority;
import io.chorus.protocol.RoomMessage;
import io.chorus.protocol.ServerFrame;
import io.netty.buffer.ByteBuf;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.NullSource;
import org.junit.jupiter.params.provider.ValueSource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** The replies assembled from parts are the same JSON as the replies encoded in full. */
class FrameEncoderTests {

    private static final JsonMapper JSON = JsonMapper.builder().build();
    private final FrameEncoder encoder = new FrameEncoder(BootJsonMapper.get()); // the layout deployed

    @ParameterizedTest
    @NullSource
    @ValueSource(strings = {"j1", "quote\"back\\slash", "tab\tnew\nline\u0001", "ünïcødé ✓", ""})
    void leftIsTheSameJsonAsTheEncodedFrame(String id) {
        assertThat(json(encoder.left(id, "room-1:a.b_c")))
                .isEqualTo(json(encoder.encode(new ServerFrame.Left(id, "room-1:a.b_c"))));
    }

    @ParameterizedTest
    @NullSource
    @ValueSource(strings = {"j1", "quote\"back\\slash", "tab\tnew\nline\u0001", "ünïcødé ✓"})
    void joinedIsTheSameJsonAsTheEncodedFrame(String id) {
        for (JoinSnapshot snapshot : List.of(
                new JoinSnapshot(JoinSnapshot.State.UNKNOWN, List.of(), null, null),
                new JoinSnapshot(JoinSnapshot.State.LIVE, recent(), 42L, 1234L))) {
            JoinSnapshots.Entry entry = JoinSnapshots.Entry.arrived(snapshot, Long.MAX_VALUE);
            for (JoinSnapshots.Entry cache : Arrays.asList(entry, entry, null)) { // miss, hit, no cache
                ServerFrame.Joined full =
                        new ServerFrame.Joined(id, "r1", snapshot.viewers(), snapshot.recent(), snapshot.giftSeq());
                assertThat(json(encoder.joined(id, "r1", snapshot, cache))).isEqualTo(json(encoder.encode(full)));
            }
        }
    }

    @Test
    void aSnapshotIsEncodedOnceForEveryJoinItAnswersAndOnlyForItsRoom() {
        JoinSnapshot snapshot = new JoinSnapshot(JoinSnapshot.State.LIVE, recent(), 7L, 9L);
        JoinSnapshots.Entry entry = JoinSnapshots.Entry.arrived(snapshot, Long.MAX_VALUE);

        encoder.joined("a", "r1", snapshot, entry);
        Object template = entry.reply();
        encoder.joined("b", "r1", snapshot, entry);

        assertThat(template).isNotNull();
        assertThat(entry.reply()).isSameAs(template);
        JsonNode other = json(encoder.joined("c", "r2", snapshot, entry));
        assertThat(other.get("room").stringValue()).isEqualTo("r2");
        assertThat(other.get("id").stringValue()).isEqualTo("c");
    }

    private static List<RoomMessage> recent() {
        return List.of(
                new RoomMessage("m1", "u1", "Üser \"one\"", "hi\nthere", 1L, Priority.LOW),
                new RoomMessage("m2", "u2", "two", "✓", 2L, Priority.HIGH));
    }

    private static JsonNode json(ByteBuf bytes) {
        try {
            return JSON.readTree(bytes.toString(StandardCharsets.UTF_8));
        } finally {
            bytes.release();
        }
    }
}
