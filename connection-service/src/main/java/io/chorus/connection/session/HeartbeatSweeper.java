package io.chorus.connection.session;

import io.chorus.connection.config.ConnectionProperties;
import io.chorus.protocol.CloseCode;
import java.time.Clock;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;

/**
 * One sweep over all connections every {@code sweepInterval} (no timer per connection): pings the silent
 * ones, closes the dead ones with 4002 (idle timeout) and those whose token expired with 4001.
 */
public final class HeartbeatSweeper implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(HeartbeatSweeper.class);

    private final ConnectionRegistry registry;
    private final ConnectionProperties.Heartbeat heartbeat;
    private final Clock clock;
    private ScheduledExecutorService executor;

    public HeartbeatSweeper(ConnectionRegistry registry, ConnectionProperties properties, Clock clock) {
        this.registry = registry;
        this.heartbeat = properties.heartbeat();
        this.clock = clock;
    }

    /** Checks every connection once. */
    public void sweep() {
        long now = clock.millis();
        long pingAfter = heartbeat.pingAfter().toMillis();
        long idleTimeout = heartbeat.idleTimeout().toMillis();
        for (Connection connection : registry.live()) {
            if (!connection.isOpen()) {
                continue;
            }
            long silence = now - connection.lastReceived();
            if (silence >= idleTimeout) {
                connection.close(CloseCode.IDLE_TIMEOUT, "idle timeout");
            } else if (connection.identity().expiresAt().toEpochMilli() <= now) {
                connection.close(CloseCode.TOKEN_EXPIRED, "token expired");
            } else if (silence >= pingAfter) {
                connection.pingIfNeeded();
            }
        }
    }

    @Override
    public synchronized void start() {
        executor = Executors.newSingleThreadScheduledExecutor(runnable -> {
            Thread thread = new Thread(runnable, "chorus-heartbeat");
            thread.setDaemon(true);
            return thread;
        });
        long interval = heartbeat.sweepInterval().toMillis();
        executor.scheduleWithFixedDelay(this::safeSweep, interval, interval, TimeUnit.MILLISECONDS);
    }

    private void safeSweep() {
        try {
            sweep();
        } catch (RuntimeException e) {
            log.warn("heartbeat sweep failed: error={}", e.toString());
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
