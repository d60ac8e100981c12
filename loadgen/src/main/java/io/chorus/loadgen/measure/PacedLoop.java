package io.chorus.loadgen.measure;

import java.time.Duration;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BooleanSupplier;
import java.util.function.LongConsumer;

/**
 * Runs an action at a {@link Pacer}'s rate on the calling thread, ticking every millisecond, until a
 * duration passed or a stop condition holds. The action gets how many operations are due.
 */
public final class PacedLoop {

    private static final long TICK_NANOS = Duration.ofMillis(1).toNanos();

    private PacedLoop() {}

    /** @return the pacer, for its issued and skipped counts */
    public static Pacer run(double perSecond, Duration duration, BooleanSupplier stop, LongConsumer action) {
        long start = System.nanoTime();
        long end = start + duration.toNanos();
        Pacer pacer = Pacer.of(perSecond, start);
        long now = start;
        while (now < end && !stop.getAsBoolean()) {
            long due = pacer.due(now);
            if (due > 0) {
                action.accept(due);
            }
            LockSupport.parkNanos(TICK_NANOS);
            now = System.nanoTime();
        }
        return pacer;
    }
}
