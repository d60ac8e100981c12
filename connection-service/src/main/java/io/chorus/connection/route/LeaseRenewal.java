package io.chorus.connection.route;

import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;

/**
 * Renews this instance's lease and route entries every {@code interval} while it runs, and releases them when
 * it stops (after the drain, which stops first).
 */
public final class LeaseRenewal implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(LeaseRenewal.class);

    private final RedisRouteIndex index;
    private final Duration interval;
    private ScheduledExecutorService executor;

    public LeaseRenewal(RedisRouteIndex index, Duration interval) {
        this.index = index;
        this.interval = interval;
    }

    @Override
    public synchronized void start() {
        executor = Executors.newSingleThreadScheduledExecutor(runnable -> {
            Thread thread = new Thread(runnable, "chorus-lease");
            thread.setDaemon(true);
            return thread;
        });
        executor.scheduleWithFixedDelay(this::renew, 0, interval.toMillis(), TimeUnit.MILLISECONDS);
    }

    private void renew() {
        try {
            index.renew();
        } catch (RuntimeException e) {
            log.warn("lease renewal failed: error={}", e.toString());
        }
    }

    @Override
    public synchronized void stop() {
        if (executor != null) {
            executor.shutdownNow();
            executor = null;
            index.release();
        }
    }

    @Override
    public synchronized boolean isRunning() {
        return executor != null;
    }

    @Override
    public int getPhase() {
        return DEFAULT_PHASE - 16;
    }
}
