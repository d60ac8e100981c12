package io.chorus.loadgen.churn;

import static org.assertj.core.api.Assertions.assertThat;

import io.chorus.client.FrameCodec;
import io.chorus.protocol.ClientFrame;
import io.chorus.protocol.ErrorCode;
import io.chorus.protocol.ServerFrame;
import java.util.List;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.ObjectWriter;

class ChurnFramesTests {

    private final ChurnFrames frames = new ChurnFrames(List.of("loadgen-churn-0", "odd\"room\\"));
    private final ObjectWriter serverWriter = FrameCodec.shared().mapper().writerFor(ServerFrame.class);

    @Test
    void requestsAreTheProtocolsJoinAndLeaveFrames() {
        FrameCodec codec = FrameCodec.shared();

        assertThat(frames.join(7, 0)).isEqualTo("{\"type\":\"join\",\"id\":\"c-7\",\"room\":\"loadgen-churn-0\"}");
        assertThat(codec.mapper().readValue(frames.join(7, 0), ClientFrame.class))
                .isEqualTo(new ClientFrame.Join("c-7", "loadgen-churn-0"));
        assertThat(codec.mapper().readValue(frames.leave(8, 1), ClientFrame.class))
                .isEqualTo(new ClientFrame.Leave("c-8", "odd\"room\\"));
        assertThat(frames.rooms()).isEqualTo(2);
    }

    @Test
    void connectionServiceRepliesAreRecognisedByTheirFirstBytes() {
        // FrameEncoder's layout: type first, the request id spliced in second, then the rest
        String joined =
                "{\"type\":\"joined\",\"id\":\"c-41\",\"room\":\"r\",\"viewers\":3,\"recent\":[],\"giftSeq\":0}";
        String left = "{\"type\":\"left\",\"id\":\"c-42\",\"room\":\"r\"}";

        assertThat(ChurnFrames.kind(joined)).isEqualTo(ChurnFrames.JOINED);
        assertThat(ChurnFrames.seq(joined, ChurnFrames.JOINED)).isEqualTo(41);
        assertThat(ChurnFrames.kind(left)).isEqualTo(ChurnFrames.LEFT);
        assertThat(ChurnFrames.seq(left, ChurnFrames.LEFT)).isEqualTo(42);
    }

    @Test
    void jacksonEncodedRepliesHaveTheSameLayout() {
        String joined = serverWriter.writeValueAsString(new ServerFrame.Joined("c-5", "r", 1L, List.of(), 0L));
        String left = serverWriter.writeValueAsString(new ServerFrame.Left("c-6", "r"));
        String error =
                serverWriter.writeValueAsString(new ServerFrame.Error("c-9", ErrorCode.ROOM_NOT_FOUND, "no such room"));

        assertThat(ChurnFrames.kind(joined)).isEqualTo(ChurnFrames.JOINED);
        assertThat(ChurnFrames.seq(joined, ChurnFrames.JOINED)).isEqualTo(5);
        assertThat(ChurnFrames.kind(left)).isEqualTo(ChurnFrames.LEFT);
        assertThat(ChurnFrames.seq(left, ChurnFrames.LEFT)).isEqualTo(6);
        assertThat(ChurnFrames.kind(error)).isEqualTo(ChurnFrames.ERROR);
        assertThat(ChurnFrames.seq(error, ChurnFrames.ERROR)).isEqualTo(9);
        assertThat(ChurnFrames.errorCode(error)).isEqualTo("room_not_found");
    }

    @Test
    void pongsAndOtherRequestsErrorsGoOnToTheClientOtherPushesAreIgnored() {
        String pong = serverWriter.writeValueAsString(new ServerFrame.Pong("1z"));
        String pingError = serverWriter.writeValueAsString(new ServerFrame.Error("1z", ErrorCode.BAD_REQUEST, "x"));
        String warning = serverWriter.writeValueAsString(new ServerFrame.Error(null, ErrorCode.RATE_LIMITED, "x"));
        String batch = serverWriter.writeValueAsString(new ServerFrame.RoomBatch("r", List.of()));

        assertThat(ChurnFrames.kind(pong)).isEqualTo(ChurnFrames.PASS);
        assertThat(ChurnFrames.kind(pingError)).isEqualTo(ChurnFrames.PASS);
        assertThat(ChurnFrames.kind(warning)).isEqualTo(ChurnFrames.PASS);
        assertThat(ChurnFrames.kind("not json")).isEqualTo(ChurnFrames.PASS);
        assertThat(ChurnFrames.kind(batch)).isEqualTo(ChurnFrames.IGNORE);
        assertThat(ChurnFrames.kind("{\"type\":\"room.closed\",\"room\":\"r\"}"))
                .isEqualTo(ChurnFrames.IGNORE);
    }

    @Test
    void anIdThatIsNotAChurnSequenceReadsAsMinusOne() {
        assertThat(ChurnFrames.seq("{\"type\":\"left\",\"id\":\"c-4x\",\"room\":\"r\"}", ChurnFrames.LEFT))
                .isEqualTo(-1);
        assertThat(ChurnFrames.seq("{\"type\":\"left\",\"id\":\"c-\",\"room\":\"r\"}", ChurnFrames.LEFT))
                .isEqualTo(-1);
        assertThat(ChurnFrames.seq("{\"type\":\"left\",\"id\":\"c-12", ChurnFrames.LEFT))
                .isEqualTo(-1);
        assertThat(ChurnFrames.errorCode("{\"type\":\"error\",\"id\":\"c-1\"}")).isEqualTo("error");
    }
}
