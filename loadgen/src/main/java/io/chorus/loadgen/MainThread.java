package io.chorus.loadgen;

import java.time.Duration;
import reactor.core.publisher.Mono;

/**
 * The CLI's main thread waits for reactive work here, and only here: scenarios orchestrate on the main
 * thread (ramp, hold, steps) while every connection runs on the event loops, which never wait.
 */
public final class MainThread {

    private MainThread() {}

    /** Waits for {@code work} at most {@code timeout}; an error or a timeout is returned, not thrown. */
    public static Throwable await(Mono<?> work, Duration timeout) {
        try {
            work.block(timeout);
            return null;
        } catch (RuntimeException ex) {
            return ex;
        }
    }

    /** Sleeps, giving up early when interrupted (Ctrl-C). */
    public static void sleep(Duration duration) {
        try {
            Thread.sleep(duration.toMillis());
        } catch (InterruptedException ex) {
            Thread.currentThread().interrupt();
        }
    }
}
