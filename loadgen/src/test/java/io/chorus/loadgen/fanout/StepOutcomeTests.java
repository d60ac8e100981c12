package io.chorus.loadgen.fanout;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.chorus.loadgen.measure.LatencySummary;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class StepOutcomeTests {

    static StepOutcome outcome(long sent, long viewers, long delivered, double p99Millis) {
        return new StepOutcome(
                0,
                1_000,
                sent,
                0,
                0,
                viewers,
                delivered,
                sent,
                Duration.ofSeconds(10),
                new LatencySummary(delivered, p99Millis / 2, p99Millis, p99Millis, p99Millis, p99Millis),
                0.5);
    }

    @Test
    void everyViewerIsExpectedToReceiveEveryMessage() {
        StepOutcome outcome = outcome(10_000, 100, 990_000, 50);

        assertThat(outcome.expected()).isEqualTo(1_000_000);
        assertThat(outcome.loss()).isCloseTo(0.01, within(1e-9));
        assertThat(outcome.deliveriesPerSec()).isCloseTo(99_000, within(1e-6));
        assertThat(outcome.sentPerSec()).isCloseTo(1_000, within(1e-6));
    }

    @Test
    void lossIsNeverNegativeAndZeroWhenNothingWasExpected() {
        assertThat(outcome(100, 10, 1_100, 5).loss()).isZero();
        assertThat(outcome(0, 10, 0, 0).loss()).isZero();
        assertThat(outcome(100, 10, 0, 0).loss()).isEqualTo(1.0);
    }

    @Test
    void theReportCarriesTheNumbersThatMatter() {
        assertThat(outcome(10_000, 100, 1_000_000, 50).asMap())
                .containsEntry("sent", 10_000L)
                .containsEntry("deliveriesPerSec", 100_000L)
                .containsEntry("loss", 0.0)
                .containsKey("latency");
    }
}
