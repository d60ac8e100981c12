package io.chorus.loadgen.fanout;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.OptionalDouble;
import org.junit.jupiter.api.Test;

class RateRampTests {

    @Test
    void eachStepAddsTheStepToTheStart() {
        RateRamp ramp = new RateRamp(1_000, 1_000, 20, Double.MAX_VALUE);

        assertThat(ramp.rate(0)).hasValue(1_000);
        assertThat(ramp.rate(1)).hasValue(2_000);
        assertThat(ramp.rate(19)).hasValue(20_000);
    }

    @Test
    void theRampEndsAfterMaxStepsOrAboveMaxRate() {
        assertThat(new RateRamp(1_000, 1_000, 3, Double.MAX_VALUE).rate(3)).isEqualTo(OptionalDouble.empty());
        RateRamp capped = new RateRamp(1_000, 1_500, 100, 4_000);
        assertThat(capped.rate(2)).hasValue(4_000);
        assertThat(capped.rate(3)).isEmpty();
        assertThat(capped.rate(-1)).isEmpty();
    }

    @Test
    void aZeroStepHoldsTheRate() {
        RateRamp flat = new RateRamp(500, 0, 5, 500);

        assertThat(flat.rate(4)).hasValue(500);
        assertThat(flat.rate(5)).isEmpty();
    }

    @Test
    void nonsenseIsRefused() {
        assertThatThrownBy(() -> new RateRamp(0, 1, 1, 1)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new RateRamp(10, 1, 0, 10)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new RateRamp(10, 1, 1, 5)).isInstanceOf(IllegalArgumentException.class);
    }
}
