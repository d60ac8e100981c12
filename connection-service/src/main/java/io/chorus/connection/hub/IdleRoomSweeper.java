package io.chorus.connection.hub;

import io.chorus.connection.lifecycle.PeriodicTask;
import java.time.Duration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Runs {@link Hub#sweepIdle()} every {@code interval}: rooms past their unsubscribe grace are unsubscribed. */
public final class IdleRoomSweeper extends PeriodicTask {

    private static final Logger log = LoggerFactory.getLogger(IdleRoomSweeper.class);

    private final Hub hub;

    public IdleRoomSweeper(Hub hub, Duration interval) {
        super("chorus-idle-rooms", interval, interval);
        this.hub = hub;
    }

    @Override
    protected void runOnce() {
        int dropped = hub.sweepIdle();
        if (dropped > 0) {
            log.debug("idle rooms unsubscribed: {}", dropped);
        }
    }
}
