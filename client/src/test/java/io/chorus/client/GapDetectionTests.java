package io.chorus.client;

import static org.assertj.core.api.Assertions.assertThat;

import io.chorus.protocol.ServerFrame;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class GapDetectionTests {

    private static final Duration WAIT = Duration.ofSeconds(5);

    private final List<String> giftGaps = new CopyOnWriteArrayList<>();
    private final List<String> notifyGaps = new CopyOnWriteArrayList<>();
    private final List<ServerFrame> pushed = new CopyOnWriteArrayList<>();
    private ScriptedServer server;
    private ChorusClient client;

    @BeforeEach
    void start() {
        server = ScriptedServer.start();
        client = ChorusClient.builder(server.uri())
                .token("t")
                .reconnect(Backoff.exponential(Duration.ofMillis(20), Duration.ofMillis(100))
                        .withSoonWindow(Duration.ofMillis(20)))
                .onGiftGap((room, after, upTo) -> giftGaps.add(room + ":" + after + ".." + upTo))
                .onNotifyGap((conv, after, upTo) -> notifyGaps.add(conv + ":" + after + ".." + upTo))
                .build();
        client.frames().subscribe(pushed::add);
        client.connect().block(WAIT);
    }

    @AfterEach
    void stop() {
        client.close().block(WAIT);
        server.close();
    }

    @Test
    void skippedGiftSequenceCallsTheListenerWithTheMissingRange() {
        server.giftSeq("lobby", 3);
        client.join("lobby").block(WAIT);

        pushGifts("lobby", 4, 7, 8);

        Eventually.await("three gifts pushed", () -> pushed.size() == 3);
        assertThat(giftGaps).containsExactly("lobby:4..6");
        assertThat(giftSeqs()).containsExactly(4L, 7L, 8L);
        assertThat(client.lastGiftSeq("lobby")).isEqualTo(8);
        assertThat(client.stats().giftGaps()).isEqualTo(1);
    }

    @Test
    void duplicateGiftsAreDroppedAndCounted() {
        server.giftSeq("lobby", 3);
        client.join("lobby").block(WAIT);

        pushGifts("lobby", 4, 4, 5, 3, 6);

        Eventually.await("the last gift pushed", () -> giftSeqs().contains(6L));
        assertThat(giftSeqs()).containsExactly(4L, 5L, 6L);
        assertThat(client.stats().duplicatesDropped()).isEqualTo(2);
        assertThat(giftGaps).isEmpty();
    }

    @Test
    void giftsAreTrackedPerRoom() {
        server.giftSeq("a", 10);
        server.giftSeq("b", 1);
        client.join("a").block(WAIT);
        client.join("b").block(WAIT);

        pushGifts("a", 11);
        pushGifts("b", 2, 4);

        Eventually.await("three gifts pushed", () -> pushed.size() == 3);
        assertThat(giftGaps).containsExactly("b:2..3");
    }

    @Test
    void rejoinWithANewerGiftSeqReportsTheGiftsMissedWhileAway() {
        server.giftSeq("lobby", 3);
        client.join("lobby").block(WAIT);
        pushGifts("lobby", 4);
        Eventually.await("gift 4 pushed", () -> pushed.size() == 1);
        server.giftSeq("lobby", 9);

        server.session(0).close(1001);

        Eventually.await("gap reported", () -> !giftGaps.isEmpty());
        assertThat(giftGaps).containsExactly("lobby:4..9");
        assertThat(client.lastGiftSeq("lobby")).isEqualTo(9);
    }

    @Test
    void rejoinWithAnUnchangedGiftSeqReportsNoGap() {
        server.giftSeq("lobby", 3);
        client.join("lobby").block(WAIT);

        server.session(0).close(1001);

        Eventually.await(
                "rejoined",
                () -> server.sessions().size() == 2
                        && !server.session(1).received("join").isEmpty());
        Eventually.await("connected", () -> client.stats().reconnects() == 1);
        assertThat(giftGaps).isEmpty();
    }

    @Test
    void aFirstJoinTakesTheGiftSeqAsItsBaseline() {
        server.giftSeq("lobby", 42);

        client.join("lobby").block(WAIT);

        assertThat(giftGaps).isEmpty();
        assertThat(client.lastGiftSeq("lobby")).isEqualTo(42);
    }

    @Test
    void skippedNotificationsAreReportedAndDuplicatesDropped() {
        client.trackConversation("g:1", 2);

        server.latest().send("{\"type\":\"notify\",\"conv\":\"g:1\",\"seq\":3}");
        server.latest().send("{\"type\":\"notify\",\"conv\":\"g:1\",\"seq\":6}");
        server.latest().send("{\"type\":\"notify\",\"conv\":\"g:1\",\"seq\":6}");
        server.latest().send("{\"type\":\"notify\",\"conv\":\"g:1\",\"seq\":7}");

        Eventually.await("seq 7 pushed", () -> pushed.contains(new ServerFrame.Notify("g:1", 7)));
        assertThat(notifyGaps).containsExactly("g:1:3..5");
        assertThat(pushed)
                .containsExactly(
                        new ServerFrame.Notify("g:1", 3),
                        new ServerFrame.Notify("g:1", 6),
                        new ServerFrame.Notify("g:1", 7));
        assertThat(client.stats().duplicatesDropped()).isEqualTo(1);
    }

    @Test
    void roomClosedEndsTheMembership() {
        client.join("lobby").block(WAIT);

        server.latest().send("{\"type\":\"room.closed\",\"room\":\"lobby\"}");

        Eventually.await("room.closed pushed", () -> pushed.contains(new ServerFrame.RoomClosed("lobby")));
        assertThat(client.rooms()).isEmpty();
        assertThat(client.lastGiftSeq("lobby")).isNull();
    }

    private void pushGifts(String room, long... seqs) {
        for (long seq : seqs) {
            server.latest()
                    .send("{\"type\":\"gift\",\"room\":\"" + room + "\",\"seq\":" + seq
                            + ",\"giftId\":\"g" + seq + "\",\"from\":\"u1\",\"to\":\"s1\",\"gift\":\"rose\","
                            + "\"amount\":1,\"ts\":1767225600000}");
        }
    }

    private List<Long> giftSeqs() {
        return pushed.stream()
                .filter(ServerFrame.Gift.class::isInstance)
                .map(frame -> ((ServerFrame.Gift) frame).seq())
                .toList();
    }
}
