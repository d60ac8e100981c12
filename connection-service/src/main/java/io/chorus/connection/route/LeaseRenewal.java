package io.chorus.connection.route;

import io.chorus.connection.lifecycle.PeriodicTask;
import java.time.Duration;

/**
 * Renews this instance's lease and route entries every {@code interval} while it runs, and releases them when
 * it stops (after the drain, which stops first).
 */
public final class LeaseRenewal extends PeriodicTask {

    private final RedisRouteIndex index;

    public LeaseRenewal(RedisRouteIndex index, Duration interval) {
        super("chorus-lease", Duration.ZERO, interval);
        this.index = index;
    }

    @Override
    protected void runOnce() {
        index.renew();
    }

    @Override
    protected void stopped() {
        index.release();
    }

    @Override
    public int getPhase() {
        return DEFAULT_PHASE - 16;
    }
}
