package io.chorus.connection.hub;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

class FrameClassifierTests {

    private final FrameClassifier classifier =
            new FrameClassifier(JsonMapper.builder().build());

    @Test
    void aBatchOfLowPriorityChatterMayBeDropped() {
        FrameKind kind =
                classify("{\"type\":\"room.batch\",\"room\":\"r\",\"msgs\":[{\"prio\":\"low\"},{\"prio\":\"low\"}]}");
        assertThat(kind).isEqualTo(new FrameKind("room.batch", false));
    }

    @Test
    void aBatchWithOneHighPriorityMessageIsNeverDropped() {
        FrameKind kind =
                classify("{\"type\":\"room.batch\",\"room\":\"r\",\"msgs\":[{\"prio\":\"low\"},{\"prio\":\"high\"}]}");
        assertThat(kind.high()).isTrue();
    }

    @Test
    void giftsRoomClosedAndUnknownTypesAreHighAndTypingIsLow() {
        assertThat(classify("{\"type\":\"gift\",\"seq\":1}").high()).isTrue();
        assertThat(classify("{\"type\":\"room.closed\",\"room\":\"r\"}").roomClosed())
                .isTrue();
        assertThat(classify("{\"type\":\"something.new\"}").high()).isTrue();
        assertThat(classify("{\"type\":\"typing\",\"conv\":\"c\",\"user\":\"u\"}")
                        .high())
                .isFalse();
    }

    @Test
    void payloadsThatAreNotTypedObjectsAreRefused() {
        assertThat(classify("not json")).isNull();
        assertThat(classify("[1,2]")).isNull();
        assertThat(classify("{\"type\":3}")).isNull();
    }

    private FrameKind classify(String json) {
        return classifier.classify(json.getBytes(StandardCharsets.UTF_8));
    }
}
