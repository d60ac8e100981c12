package io.chorus.loadgen.fanout;

import java.time.Duration;

/** When the ramp stops: the step's p99 latency above {@code maxP99}, or its loss above {@code maxLoss}. */
record StopRule(Duration maxP99, double maxLoss) {

    Verdict judge(StepOutcome outcome) {
        if (outcome.sent() == 0) {
            return Verdict.NOTHING_SENT;
        }
        if (outcome.loss() > maxLoss) {
            return Verdict.TOO_MUCH_LOSS;
        }
        if (outcome.latency().p99() > maxP99.toNanos() / 1e6) {
            return Verdict.TOO_SLOW;
        }
        return Verdict.PASS;
    }

    enum Verdict {
        PASS,
        TOO_SLOW,
        TOO_MUCH_LOSS,
        NOTHING_SENT;

        boolean passed() {
            return this == PASS;
        }
    }
}
