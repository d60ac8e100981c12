package io.chorus.room.store;

import static org.assertj.core.api.Assertions.assertThat;

import io.chorus.protocol.Priority;
import io.chorus.protocol.RoomMessage;
import io.chorus.protocol.ServerFrame;
import java.util.List;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

class FrameEncoderTests {

    private final JsonMapper json = JsonMapper.builder().build();
    private final FrameEncoder encoder = new FrameEncoder(json);
    private final List<RoomMessage> messages = List.of(
            new RoomMessage("m1", "u1", "Ann", "hi \"there\" 👋", 1767225600000L, Priority.LOW),
            new RoomMessage("m2", "u2", "Bob", "ok", 1767225600010L, Priority.LOW));

    @Test
    void aBatchIsTheClientFrameItself() {
        assertThat(encoder.batch("lobby", messages))
                .isEqualTo("{\"type\":\"room.batch\",\"room\":\"lobby\",\"msgs\":["
                        + "{\"msgId\":\"m1\",\"from\":\"u1\",\"name\":\"Ann\",\"text\":\"hi \\\"there\\\" 👋\","
                        + "\"ts\":1767225600000,\"prio\":\"low\"},"
                        + "{\"msgId\":\"m2\",\"from\":\"u2\",\"name\":\"Bob\",\"text\":\"ok\",\"ts\":1767225600010,"
                        + "\"prio\":\"low\"}]}");
    }

    @Test
    void thePrefixJoinedWithEncodedMessagesIsExactlyTheEncodedBatch() {
        String joined = encoder.batchPrefix("lobby")
                + messages.stream().map(encoder::message).collect(Collectors.joining(","))
                + "]}";

        assertThat(joined).isEqualTo(encoder.batch("lobby", messages));
        assertThat(json.readValue(joined, ServerFrame.class)).isEqualTo(new ServerFrame.RoomBatch("lobby", messages));
    }

    @Test
    void historyEntriesRoundTrip() {
        assertThat(encoder.decodeMessage(encoder.message(messages.get(0)))).isEqualTo(messages.get(0));
    }

    @Test
    void closedAndRetractedFramesCarryTheirType() {
        assertThat(encoder.frame(new ServerFrame.RoomClosed("lobby")))
                .isEqualTo("{\"type\":\"room.closed\",\"room\":\"lobby\"}");
        assertThat(encoder.frame(new ServerFrame.Retracted("lobby", "m1")))
                .isEqualTo("{\"type\":\"room.retracted\",\"room\":\"lobby\",\"msgId\":\"m1\"}");
    }
}
