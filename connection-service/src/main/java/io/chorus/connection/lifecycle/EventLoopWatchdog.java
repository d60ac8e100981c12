package io.chorus.connection.lifecycle;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.netty.util.concurrent.EventExecutor;
import io.netty.util.concurrent.SingleThreadEventExecutor;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.function.LongSupplier;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Watches the server's event loops. Every {@code interval} a probe task is queued on each loop, and the time
 * it waited before running, the loop's lag, is recorded ({@value #LAG}). Everything on a loop waits as long:
 * reads, replies, the fan-out to its connections. A loop whose probe has waited longer than
 * {@code blockedAfter} (stuck in one task, or behind a long queue of them) counts one episode ({@value #BLOCKED})
 * and is logged with the loop thread's stack and its pending tasks, which tell the two apart, and once more when
 * the probe has run; a loop that stays overloaded is logged at most once per {@link #LOG_EVERY} (every episode is
 * counted), so the log does not add to an overload.
 *
 * <p>The loops are looked up at the first tick ({@code loops} may not be usable before the server started) and
 * again after a probe was refused (loops shut down and replaced) or the watchdog restarted. Only the watchdog's
 * thread reads and writes a probe's state except {@link Probe#run()}, which hands the result back through a
 * volatile field.
 */
public final class EventLoopWatchdog extends PeriodicTask {

    private static final Logger log = LoggerFactory.getLogger(EventLoopWatchdog.class);

    /** Timer: how long a task queued on a server event loop waited before it ran. */
    public static final String LAG = "chat.connection.eventloop.lag";

    /** Counter: episodes in which a task queued on a server event loop waited longer than the threshold. */
    public static final String BLOCKED = "chat.connection.eventloop.blocked";

    /** A loop's episodes are logged at most this often. */
    static final Duration LOG_EVERY = Duration.ofMinutes(1);

    private final Supplier<? extends Iterable<EventExecutor>> loops;
    private final long blockedAfterNanos;
    private final LongSupplier nanoClock;
    private final Timer lag;
    private final Counter blocked;
    /** The scheduler's thread uses it; {@link #stopped()} clears it from the stopping thread. */
    private volatile List<Probe> probes;

    public EventLoopWatchdog(
            Supplier<? extends Iterable<EventExecutor>> loops,
            Duration interval,
            Duration blockedAfter,
            MeterRegistry registry,
            LongSupplier nanoClock) {
        super("chorus-loop-watchdog", interval, interval);
        this.loops = loops;
        this.blockedAfterNanos = blockedAfter.toNanos();
        this.nanoClock = nanoClock;
        this.lag = Timer.builder(LAG)
                .description("Wait of a task queued on a server event loop")
                .publishPercentiles(0.5, 0.99, 0.999)
                .register(registry);
        this.blocked = Counter.builder(BLOCKED)
                .description("Episodes of a task queued on a server event loop waiting longer than the threshold")
                .register(registry);
    }

    @Override
    protected void runOnce() {
        List<Probe> current = probes;
        if (current == null) {
            current = new ArrayList<>();
            for (EventExecutor loop : loops.get()) {
                current.add(new Probe(loop));
            }
            probes = current;
        }
        long now = nanoClock.getAsLong();
        for (Probe probe : current) {
            if (!probe.check(now)) {
                probes = null; // a loop refused the probe: shut down; look the loops up again next tick
                return;
            }
        }
    }

    @Override
    protected void stopped() {
        probes = null;
    }

    /** The probe of one loop: at most one queued at a time. */
    private final class Probe implements Runnable {

        private final EventExecutor loop;
        /** When the pending probe was queued; 0 when none is. */
        private volatile long queuedAt;
        /** The lag of the last probe that ran, -1 once the watchdog has read it. */
        private volatile long ranAfter = -1;

        private volatile Thread thread;
        /** Whether the current episode was counted; whether it was logged. */
        private boolean reported;

        private boolean logged;
        /** When this loop's last episode was logged; {@code Long.MIN_VALUE}: never. */
        private long loggedAt = Long.MIN_VALUE;

        Probe(EventExecutor loop) {
            this.loop = loop;
        }

        /** One tick; false when the loop is shutting down (its probe may never run). */
        boolean check(long now) {
            if (loop.isShuttingDown()) {
                return false;
            }
            long pending = queuedAt;
            if (pending != 0) {
                long waited = now - pending;
                if (waited > blockedAfterNanos && !reported) {
                    reported = true;
                    blocked.increment();
                    logged = loggedAt == Long.MIN_VALUE || now - loggedAt >= LOG_EVERY.toNanos();
                    if (logged) {
                        loggedAt = now;
                        String stack = stack(); // first: it finds the loop's thread if no probe has run yet
                        log.warn(
                                "event loop blocked: loop={} waited={}ms pendingTasks={}{}",
                                name(),
                                TimeUnit.NANOSECONDS.toMillis(waited),
                                pendingTasks(),
                                stack);
                    }
                }
                return true;
            }
            long last = ranAfter;
            if (last >= 0) {
                ranAfter = -1;
                if (reported) {
                    reported = false;
                    if (logged) {
                        log.warn(
                                "event loop running again: loop={} waited={}ms",
                                name(),
                                TimeUnit.NANOSECONDS.toMillis(last));
                    }
                }
            }
            queuedAt = now;
            try {
                loop.execute(this);
            } catch (RejectedExecutionException e) {
                queuedAt = 0;
                return false;
            }
            return true;
        }

        @Override
        public void run() {
            thread = Thread.currentThread();
            long waited = nanoClock.getAsLong() - queuedAt;
            lag.record(waited, TimeUnit.NANOSECONDS);
            ranAfter = waited;
            queuedAt = 0;
        }

        private String name() {
            Thread current = thread;
            return current != null ? current.getName() : loop.toString();
        }

        private int pendingTasks() {
            return loop instanceof SingleThreadEventExecutor executor ? executor.pendingTasks() : -1;
        }

        private String stack() {
            Thread current = thread;
            if (current == null) { // blocked before its first probe ran: find its thread (rare, so a scan is fine)
                current = Thread.getAllStackTraces().keySet().stream()
                        .filter(loop::inEventLoop)
                        .findFirst()
                        .orElse(null);
                if (current == null) {
                    return "";
                }
                thread = current;
            }
            StringBuilder out = new StringBuilder();
            for (StackTraceElement frame : current.getStackTrace()) {
                out.append(System.lineSeparator()).append("\tat ").append(frame);
            }
            return out.toString();
        }
    }
}
