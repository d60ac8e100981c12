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
 * {@code blockedAfter} is reported once per episode ({@value #BLOCKED}, and a WARN with the loop thread's stack
 * and its pending tasks, which shows whether the loop is stuck in one task or behind a long queue), and once
 * more when it runs again.
 *
 * <p>The loops are looked up at the first tick ({@code loops} may not be usable before the server started).
 * Only the watchdog's thread reads and writes a probe's state except {@link Probe#run()}, which hands the
 * result back through a volatile field.
 */
public final class EventLoopWatchdog extends PeriodicTask {

    private static final Logger log = LoggerFactory.getLogger(EventLoopWatchdog.class);

    /** Timer: how long a task queued on a server event loop waited before it ran. */
    public static final String LAG = "chat.connection.eventloop.lag";

    /** Counter: episodes in which a server event loop ran no task for longer than the blocked threshold. */
    public static final String BLOCKED = "chat.connection.eventloop.blocked";

    private final Supplier<? extends Iterable<EventExecutor>> loops;
    private final long blockedAfterNanos;
    private final LongSupplier nanoClock;
    private final Timer lag;
    private final Counter blocked;
    private List<Probe> probes;

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
                .description("Server event loops that ran no task for longer than the blocked threshold")
                .register(registry);
    }

    @Override
    protected void runOnce() {
        if (probes == null) {
            List<Probe> found = new ArrayList<>();
            for (EventExecutor loop : loops.get()) {
                found.add(new Probe(loop));
            }
            probes = found;
        }
        long now = nanoClock.getAsLong();
        for (Probe probe : probes) {
            probe.check(now);
        }
    }

    /** The probe of one loop: at most one queued at a time. */
    private final class Probe implements Runnable {

        private final EventExecutor loop;
        /** When the pending probe was queued; 0 when none is. */
        private volatile long queuedAt;
        /** The lag of the last probe that ran, -1 once the watchdog has read it. */
        private volatile long ranAfter = -1;

        private volatile Thread thread;
        private boolean reported;

        Probe(EventExecutor loop) {
            this.loop = loop;
        }

        void check(long now) {
            long pending = queuedAt;
            if (pending != 0) {
                long waited = now - pending;
                if (waited > blockedAfterNanos && !reported) {
                    reported = true;
                    blocked.increment();
                    String stack = stack(); // first: it finds the loop's thread if no probe has run yet
                    log.warn(
                            "event loop blocked: loop={} waited={}ms pendingTasks={}{}",
                            name(),
                            TimeUnit.NANOSECONDS.toMillis(waited),
                            pendingTasks(),
                            stack);
                }
                return;
            }
            long last = ranAfter;
            if (last >= 0) {
                ranAfter = -1;
                if (reported) {
                    reported = false;
                    log.warn(
                            "event loop running again: loop={} waited={}ms",
                            name(),
                            TimeUnit.NANOSECONDS.toMillis(last));
                }
            }
            queuedAt = now;
            try {
                loop.execute(this);
            } catch (RejectedExecutionException e) {
                queuedAt = 0; // shutting down
            }
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
