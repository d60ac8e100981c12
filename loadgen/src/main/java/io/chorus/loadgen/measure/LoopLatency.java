package io.chorus.loadgen.measure;

import java.util.List;
import org.HdrHistogram.Histogram;

/**
 * Latencies recorded by ONE thread (e.g. an event loop) into a plain HdrHistogram, in microseconds like
 * {@link LatencyRecorder} but without its atomics; read it with {@link #copy()} on that same thread.
 */
public final class LoopLatency {

    private final Histogram micros = new Histogram(LatencyRecorder.MAX_MICROS, 3);

    public void recordNanos(long nanos) {
        micros.recordValue(LatencyRecorder.micros(nanos));
    }

    /** Forgets what was recorded; call on the recording thread. */
    public void reset() {
        micros.reset();
    }

    /** A copy of what was recorded so far; call on the recording thread. */
    public Histogram copy() {
        return micros.copy();
    }

    /** The summary of several threads' copies together. */
    public static LatencySummary summary(List<Histogram> copies) {
        Histogram total = new Histogram(LatencyRecorder.MAX_MICROS, 3);
        copies.forEach(total::add);
        return LatencySummary.of(total);
    }
}
