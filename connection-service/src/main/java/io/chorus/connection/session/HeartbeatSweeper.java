package io.chorus.connection.session;

import io.chorus.connection.config.ConnectionProperties;
import io.chorus.connection.lifecycle.PeriodicTask;
import io.chorus.protocol.CloseCode;
import java.time.Clock;

/**
 * One sweep over all connections every {@code sweepInterval} (no timer per connection): pings the silent
 * ones, closes the dead ones with 4002 (idle timeout) and those whose token expired with 4001.
 */
public final class HeartbeatSweeper extends PeriodicTask {

    private final ConnectionRegistry registry;
    private final ConnectionProperties.Heartbeat heartbeat;
    private final Clock clock;

    public HeartbeatSweeper(ConnectionRegistry registry, ConnectionProperties properties, Clock clock) {
        super(
                "chorus-heartbeat",
                properties.heartbeat().sweepInterval(),
                properties.heartbeat().sweepInterval());
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
    protected void runOnce() {
        sweep();
    }
}
