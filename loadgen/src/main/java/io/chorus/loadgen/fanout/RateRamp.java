package io.chorus.loadgen.fanout;

import java.util.OptionalDouble;

/**
 * The publish rate of each step: {@code start + index * step} messages per second, for at most {@code
 * maxSteps} steps and never above {@code maxRate}.
 */
record RateRamp(double start, double step, int maxSteps, double maxRate) {

    RateRamp {
        if (start <= 0 || step < 0 || maxSteps < 1 || maxRate < start) {
            throw new IllegalArgumentException("start > 0, step >= 0, maxSteps >= 1, maxRate >= start");
        }
    }

    /** The rate of step {@code index} (0-based), or empty when the ramp ends before it. */
    OptionalDouble rate(int index) {
        if (index < 0 || index >= maxSteps) {
            return OptionalDouble.empty();
        }
        double rate = start + index * step;
        return rate > maxRate ? OptionalDouble.empty() : OptionalDouble.of(rate);
    }
}
