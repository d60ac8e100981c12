package io.chorus.gift.send;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;

/** Meters of the send path. */
final class GiftMetrics {

    /** Sends answered 201, tagged {@code outcome}: {@code accepted} (new) or {@code replayed} (same key again). */
    static final String SENDS = "chat.gift.sends";

    private GiftMetrics() {}

    static Counter sends(MeterRegistry meters, String outcome) {
        return Counter.builder(SENDS)
                .description("gift sends answered 201")
                .tag("outcome", outcome)
                .register(meters);
    }
}
