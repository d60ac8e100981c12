package io.chorus.loadgen.measure;

import java.util.concurrent.TimeUnit;
import org.HdrHistogram.Histogram;
import org.HdrHistogram.Recorder;

/**
 * Latencies recorded from any thread (wait-free, HdrHistogram {@link Recorder}) in microseconds, up to 10
 * minutes with 3 significant digits; values beyond are clamped to the maximum, negative ones to zero.
 */
public final class LatencyRecorder {

    static final long MAX_MICROS = TimeUnit.MINUTES.toMicros(10);

    private final Recorder recorder = new Recorder(MAX_MICROS, 3);
    private final Histogram total = new Histogram(MAX_MICROS, 3);

    public void recordNanos(long nanos) {
        recorder.recordValue(micros(nanos));
    }

    /** {@code nanos} in whole microseconds, clamped to [0, {@link #MAX_MICROS}]. */
    static long micros(long nanos) {
        return Math.max(0, Math.min(MAX_MICROS, nanos / 1_000));
    }

    /** Everything recorded so far (snapshots accumulate; call from one thread). */
    public synchronized LatencySummary summary() {
        total.add(recorder.getIntervalHistogram());
        return LatencySummary.of(total);
    }
}
