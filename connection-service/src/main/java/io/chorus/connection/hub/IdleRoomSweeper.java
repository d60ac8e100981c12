package io.chorus.connection.hub;

import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;

/** Runs {@link Hub#sweepIdle()} every {@code interval}: rooms past their unsubscribe grace are unsubscribed. */
public final class IdleRoomSweeper implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(IdleRoomSweeper.class);

    private final Hub hub;
    private final Duration interval;
    private ScheduledExecutorService executor;

    public IdleRoomSweeper(Hub hub, Duration interval) {
        this.hub = hub;
        this.interval = interval;
    }

    @Override
    public synchronized void start() {
        executor = Executors.newSingleThreadScheduledExecutor(runnable -> {
            Thread thread = new Thread(runnable, "chorus-idle-rooms");
            thread.setDaemon(true);
            return thread;
        });
        long millis = Math.max(1, interval.toMillis());
        executor.scheduleWithFixedDelay(this::sweep, millis, millis, TimeUnit.MILLISECONDS);
    }

    private void sweep() {
        try {
            int dropped = hub.sweepIdle();
            if (dropped > 0) {
                log.debug("idle rooms unsubscribed: {}", dropped);
            }
        } catch (RuntimeException e) {
            log.warn("idle room sweep failed: error={}", e.toString());
        }
    }

    @Override
    public synchronized void stop() {
        if (executor != null) {
            executor.shutdownNow();
            executor = null;
        }
    }

    @Override
    public synchronized boolean isRunning() {
        return executor != null;
    }
}
