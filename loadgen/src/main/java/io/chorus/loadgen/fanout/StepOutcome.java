package io.chorus.loadgen.fanout;

import io.chorus.loadgen.measure.LatencySummary;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * What one step measured.
 *
 * @param index the step, 0-based
 * @param rate the target publish rate, messages per second
 * @param sent messages accepted for delivery (published, or accepted and not shed by the route layer)
 * @param shed messages the route layer accepted but dropped by the room's delivery budget
 * @param rejected messages refused or failed at publishing
 * @param viewers viewers open at the end of the step
 * @param delivered probe messages received by all viewers
 * @param frames {@code room.batch} frames received by all viewers during the step
 * @param duration the step's publishing time
 * @param latency publish-to-receive latency of the delivered messages
 * @param loadgenCores the load generator's own CPU use, in cores
 */
record StepOutcome(
        int index,
        double rate,
        long sent,
        long shed,
        long rejected,
        long viewers,
        long delivered,
        long frames,
        Duration duration,
        LatencySummary latency,
        double loadgenCores) {

    /** Deliveries expected: every viewer gets every message sent. */
    long expected() {
        return sent * viewers;
    }

    /** The share of expected deliveries that did not arrive (0 when nothing was expected). */
    double loss() {
        long expected = expected();
        if (expected == 0) {
            return 0;
        }
        return (double) Math.max(0, expected - delivered) / expected;
    }

    double deliveriesPerSec() {
        return delivered / seconds();
    }

    double framesPerSec() {
        return frames / seconds();
    }

    double sentPerSec() {
        return sent / seconds();
    }

    private double seconds() {
        return Math.max(1e-9, duration.toNanos() / 1e9);
    }

    Map<String, Object> asMap() {
        Map<String, Object> map = new LinkedHashMap<>();
        map.put("step", index);
        map.put("targetRate", rate);
        map.put("sentPerSec", Math.round(sentPerSec()));
        map.put("sent", sent);
        map.put("shed", shed);
        map.put("rejected", rejected);
        map.put("viewers", viewers);
        map.put("delivered", delivered);
        map.put("deliveriesPerSec", Math.round(deliveriesPerSec()));
        map.put("framesPerSec", Math.round(framesPerSec()));
        map.put("loss", Math.round(loss() * 1e6) / 1e6);
        map.put("latency", latency.asMap());
        map.put("loadgenCores", loadgenCores);
        return map;
    }
}
