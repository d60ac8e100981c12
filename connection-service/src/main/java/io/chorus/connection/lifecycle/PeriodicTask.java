package io.chorus.connection.lifecycle;

import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;

/**
 * Work done every {@code interval} on its own daemon thread while the application runs (a
 * {@link SmartLifecycle}): started with the context, stopped before it closes. A run that fails is logged and
 * the next one comes all the same.
 */
public abstract class PeriodicTask implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(PeriodicTask.class);

    private final String name;
    private final Duration initialDelay;
    private final Duration interval;
    private ScheduledExecutorService executor;

    /** {@code name} is also the thread's name. */
    protected PeriodicTask(String name, Duration initialDelay, Duration interval) {
        this.name = name;
        this.initialDelay = initialDelay;
        this.interval = interval;
    }

    /** One run. */
    protected abstract void runOnce();

    /** Called once the task has stopped (e.g. to release what it kept alive); nothing by default. */
    protected void stopped() {}

    @Override
    public synchronized void start() {
        executor = Executors.newSingleThreadScheduledExecutor(runnable -> {
            Thread thread = new Thread(runnable, name);
            thread.setDaemon(true);
            return thread;
        });
        executor.scheduleWithFixedDelay(
                this::safeRun, initialDelay.toMillis(), Math.max(1, interval.toMillis()), TimeUnit.MILLISECONDS);
    }

    private void safeRun() {
        try {
            runOnce();
        } catch (RuntimeException e) {
            log.warn("periodic task failed: task={} error={}", name, e.toString());
        }
    }

    @Override
    public synchronized void stop() {
        if (executor != null) {
            executor.shutdownNow();
            executor = null;
            stopped();
        }
    }

    @Override
    public synchronized boolean isRunning() {
        return executor != null;
    }
}
