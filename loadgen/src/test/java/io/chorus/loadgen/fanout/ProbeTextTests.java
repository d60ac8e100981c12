package io.chorus.loadgen.fanout;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import io.chorus.client.FrameCodec;
import io.chorus.protocol.Priority;
import io.chorus.protocol.RoomMessage;
import io.chorus.protocol.ServerFrame;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class ProbeTextTests {

    private final ProbeText probes = new ProbeText("run1");

    @Test
    void findsEveryProbeOfThisRunInAnEncodedBatch() {
        String json = encode(List.of(
                message(probes.encode(2, 7, 123_456_789L)),
                message("hello from a real viewer"),
                message(new ProbeText("other").encode(2, 8, 1)),
                message(probes.encode(3, 0, 987L))));
        List<String> found = new ArrayList<>();

        int count = probes.scan(json, (step, seq, nanos) -> found.add(step + "/" + seq + "/" + nanos));

        assertThat(count).isEqualTo(2);
        assertThat(found).containsExactly("2/7/123456789", "3/0/987");
    }

    @Test
    void ignoresMangledProbes() {
        List<String> found = new ArrayList<>();

        probes.scan("{\"text\":\"lg:run1:2:x:5\"} {\"text\":\"lg:run1:2:3\"}", (s, q, n) -> found.add(s + "/" + q));

        assertThat(found).isEmpty();
    }

    @Test
    void runIdsAreLettersAndDigits() {
        assertThatThrownBy(() -> new ProbeText("a:b")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void deliveryTrackerConsumesBatchesAndRecordsEachProbeInItsStep() {
        StepLedger[] ledgers = StepLedger.forSteps(2);
        DeliveryTracker tracker = new DeliveryTracker(probes, ledgers);
        long now = System.nanoTime();
        String batch = encode(
                List.of(message(probes.encode(1, 0, now - 5_000_000)), message(probes.encode(2, 0, now - 9_000_000))));

        boolean consumed = tracker.onFrame(batch, now);
        boolean reply = tracker.onFrame("{\"type\":\"joined\",\"id\":\"1\",\"room\":\"r\"}", now);

        assertThat(consumed).isTrue();
        assertThat(reply).isFalse();
        assertThat(tracker.frames()).isEqualTo(1);
        assertThat(ledgers[0].delivered.sum()).isZero();
        assertThat(ledgers[1].delivered.sum()).isEqualTo(1);
        assertThat(ledgers[2].delivered.sum()).isEqualTo(1);
        assertThat(ledgers[1].latency.summary().p50()).isCloseTo(5.0, within(0.05));
        assertThat(ledgers[2].latency.summary().p50()).isCloseTo(9.0, within(0.05));
    }

    @Test
    void probesOfStepsBeyondTheLedgerAreIgnored() {
        StepLedger[] ledgers = StepLedger.forSteps(1);
        DeliveryTracker tracker = new DeliveryTracker(probes, ledgers);

        tracker.onFrame(encode(List.of(message(probes.encode(9, 0, 1)))), 2);

        assertThat(ledgers[0].delivered.sum() + ledgers[1].delivered.sum()).isZero();
    }

    private static RoomMessage message(String text) {
        return new RoomMessage("m", "u", "name", text, 1L, Priority.LOW);
    }

    private static String encode(List<RoomMessage> msgs) {
        return FrameCodec.shared()
                .mapper()
                .writerFor(ServerFrame.class)
                .writeValueAsString(new ServerFrame.RoomBatch("lobby", msgs));
    }
}
