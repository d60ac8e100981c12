package io.chorus.loadgen.measure;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class LatencyRecorderTests {

    @Test
    void percentilesComeOutInMilliseconds() {
        LatencyRecorder recorder = new LatencyRecorder();
        for (int millis = 1; millis <= 1_000; millis++) {
            recorder.recordNanos(Duration.ofMillis(millis).toNanos());
        }

        LatencySummary summary = recorder.summary();

        assertThat(summary.count()).isEqualTo(1_000);
        assertThat(summary.p50()).isCloseTo(500, within(1.0));
        assertThat(summary.p99()).isCloseTo(990, within(1.0));
        assertThat(summary.p999()).isCloseTo(999, within(1.0));
        assertThat(summary.max()).isCloseTo(1_000, within(1.0));
    }

    @Test
    void summariesAccumulateAcrossCalls() {
        LatencyRecorder recorder = new LatencyRecorder();
        recorder.recordNanos(Duration.ofMillis(10).toNanos());
        recorder.summary();
        recorder.recordNanos(Duration.ofMillis(30).toNanos());

        LatencySummary summary = recorder.summary();

        assertThat(summary.count()).isEqualTo(2);
        assertThat(summary.max()).isCloseTo(30, within(0.1));
    }

    @Test
    void outOfRangeValuesAreClampedNotLost() {
        LatencyRecorder recorder = new LatencyRecorder();
        recorder.recordNanos(-5);
        recorder.recordNanos(Duration.ofHours(1).toNanos());

        LatencySummary summary = recorder.summary();

        assertThat(summary.count()).isEqualTo(2);
        assertThat(summary.max()).isCloseTo(Duration.ofMinutes(10).toMillis(), within(600.0));
    }

    @Test
    void recordsFromManyThreads() throws InterruptedException {
        LatencyRecorder recorder = new LatencyRecorder();
        List<Thread> threads = new ArrayList<>();
        for (int t = 0; t < 4; t++) {
            Thread thread = new Thread(() -> {
                for (int i = 0; i < 10_000; i++) {
                    recorder.recordNanos(Duration.ofMillis(2).toNanos());
                }
            });
            threads.add(thread);
            thread.start();
        }
        for (Thread thread : threads) {
            thread.join();
        }

        LatencySummary summary = recorder.summary();

        assertThat(summary.count()).isEqualTo(40_000);
        assertThat(summary.p99()).isCloseTo(2, within(0.01));
    }

    @Test
    void anEmptyRecorderSummarisesToZeros() {
        assertThat(new LatencyRecorder().summary()).isEqualTo(LatencySummary.EMPTY);
    }
}
