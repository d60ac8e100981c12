package io.chorus.loadgen.fanout;

import io.chorus.client.RawFrameListener;
import java.util.concurrent.atomic.LongAdder;

/**
 * The viewers' raw frame hook: counts {@code room.batch} frames and, for every probe in them, one delivery
 * and its latency in the probe's step. Other frames (replies, gifts ...) go on to the client.
 */
final class DeliveryTracker implements RawFrameListener {

    private static final String ROOM_BATCH = "\"room.batch\"";

    private final ProbeText probes;
    private final StepLedger[] ledgers;
    private final LongAdder frames = new LongAdder();

    DeliveryTracker(ProbeText probes, StepLedger[] ledgers) {
        this.probes = probes;
        this.ledgers = ledgers;
    }

    @Override
    public boolean onFrame(String text, long receivedNanos) {
        if (!text.contains(ROOM_BATCH)) {
            return false;
        }
        frames.increment();
        probes.scan(text, (step, seq, sendNanos) -> delivered(step, receivedNanos - sendNanos));
        return true;
    }

    private void delivered(int step, long latencyNanos) {
        if (step >= 0 && step < ledgers.length) {
            StepLedger ledger = ledgers[step];
            ledger.delivered.increment();
            ledger.latency.recordNanos(latencyNanos);
        }
    }

    /** {@code room.batch} frames received so far, by all viewers. */
    long frames() {
        return frames.sum();
    }
}
