package io.chorus.loadgen.measure;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class PacerTests {

    private static final long SECOND = Duration.ofSeconds(1).toNanos();

    @Test
    void dueOperationsFollowTheRate() {
        Pacer pacer = new Pacer(1_000, 0, 1_000);

        assertThat(pacer.due(0)).isZero();
        assertThat(pacer.due(SECOND / 100)).isEqualTo(10);
        assertThat(pacer.due(SECOND / 100)).isZero();
        assertThat(pacer.due(SECOND / 2)).isEqualTo(490);
        assertThat(pacer.issued()).isEqualTo(500);
    }

    @Test
    void fractionalRatesAccumulate() {
        Pacer pacer = new Pacer(2.5, 0, 10);

        long issued = 0;
        for (int tick = 1; tick <= 100; tick++) {
            issued += pacer.due(tick * SECOND / 25);
        }
        assertThat(issued).isEqualTo(10);
    }

    @Test
    void afterAStallCatchesUpAtMostTheBurstAndCountsTheRest() {
        Pacer pacer = new Pacer(1_000, 0, 100);

        assertThat(pacer.due(SECOND)).isEqualTo(100);
        assertThat(pacer.skipped()).isEqualTo(900);
        assertThat(pacer.due(SECOND + SECOND / 100)).isEqualTo(10);
        assertThat(pacer.issued() + pacer.skipped()).isEqualTo(1_010);
    }

    @Test
    void theDefaultBurstIsATenthOfASecond() {
        Pacer pacer = Pacer.of(20_000, 0);

        assertThat(pacer.due(SECOND)).isEqualTo(2_000);
    }

    @Test
    void pacedLoopRunsForItsDurationAtItsRate() {
        long start = System.nanoTime();
        long[] issued = {0};

        Pacer pacer = PacedLoop.run(1_000, Duration.ofMillis(300), () -> false, due -> issued[0] += due);

        long elapsedMillis = (System.nanoTime() - start) / 1_000_000;
        assertThat(elapsedMillis).isBetween(300L, 1_000L);
        assertThat(issued[0]).isEqualTo(pacer.issued());
        assertThat(pacer.issued() + pacer.skipped()).isBetween(250L, 301L);
    }

    @Test
    void pacedLoopStopsWhenAskedTo() {
        long[] issued = {0};

        PacedLoop.run(10_000, Duration.ofSeconds(10), () -> issued[0] >= 50, due -> issued[0] += due);

        assertThat(issued[0]).isBetween(50L, 1_100L);
    }
}
