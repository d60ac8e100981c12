package io.chorus.loadgen.fanout;

import io.chorus.loadgen.measure.FailureCounts;
import io.chorus.loadgen.measure.LatencyRecorder;
import java.util.concurrent.atomic.LongAdder;

/** Counters of one step, written by the publisher and by every viewer's event loop. */
final class StepLedger {

    final LongAdder sent = new LongAdder();
    final LongAdder shed = new LongAdder();
    final LongAdder rejected = new LongAdder();
    final LongAdder delivered = new LongAdder();
    final LatencyRecorder latency = new LatencyRecorder();
    final FailureCounts failures = new FailureCounts();

    /** Steps of a run; index 0 is the warm-up, not reported. */
    static StepLedger[] forSteps(int steps) {
        StepLedger[] ledgers = new StepLedger[steps + 1];
        for (int i = 0; i < ledgers.length; i++) {
            ledgers[i] = new StepLedger();
        }
        return ledgers;
    }
}
