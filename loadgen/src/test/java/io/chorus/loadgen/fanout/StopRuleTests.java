package io.chorus.loadgen.fanout;

import static io.chorus.loadgen.fanout.StepOutcomeTests.outcome;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class StopRuleTests {

    private final StopRule rule = new StopRule(Duration.ofSeconds(2), 0.01);

    @Test
    void aFastCompleteStepPasses() {
        assertThat(rule.judge(outcome(1_000, 100, 100_000, 120))).isEqualTo(StopRule.Verdict.PASS);
    }

    @Test
    void lossAtTheLimitStillPassesAndAboveItStops() {
        assertThat(rule.judge(outcome(1_000, 100, 99_000, 120))).isEqualTo(StopRule.Verdict.PASS);
        assertThat(rule.judge(outcome(1_000, 100, 98_999, 120))).isEqualTo(StopRule.Verdict.TOO_MUCH_LOSS);
    }

    @Test
    void aP99AboveTheLimitStops() {
        assertThat(rule.judge(outcome(1_000, 100, 100_000, 2_000))).isEqualTo(StopRule.Verdict.PASS);
        assertThat(rule.judge(outcome(1_000, 100, 100_000, 2_000.5))).isEqualTo(StopRule.Verdict.TOO_SLOW);
    }

    @Test
    void lossIsJudgedBeforeLatency() {
        assertThat(rule.judge(outcome(1_000, 100, 10, 5_000))).isEqualTo(StopRule.Verdict.TOO_MUCH_LOSS);
    }

    @Test
    void aStepThatSentNothingStopsTheRamp() {
        StopRule.Verdict verdict = rule.judge(outcome(0, 100, 0, 0));

        assertThat(verdict).isEqualTo(StopRule.Verdict.NOTHING_SENT);
        assertThat(verdict.passed()).isFalse();
    }
}
