package io.chorus.room.shedding;

import io.chorus.protocol.ErrorCode;
import io.chorus.protocol.Priority;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.springframework.stereotype.Component;

/**
 * The route layer's meters. Tags are low-cardinality only ({@code prio}, {@code reason}, {@code code});
 * never a room or a user.
 *
 * <ul>
 *   <li>{@value #ACCEPTED} (counter, {@code prio}): messages accepted for delivery
 *   <li>{@value #REJECTED} (counter, {@code code}): messages refused, by error code
 *   <li>{@value #SHED} (counter, {@code reason}, {@code prio}): accepted messages not delivered
 *   <li>{@value #DELIVERED} (counter, {@code prio}): messages published to room channels
 *   <li>{@value #BATCHES} (counter, {@code prio}): {@code room.batch} frames published
 *   <li>{@value #LATENCY} (timer): from acceptance to publication, the latency the route layer adds
 *   <li>{@value #WINDOWS} (gauge): rooms with an open aggregation window on this instance
 *   <li>{@value #RETRIES} (counter): retries of an accepted message answered with its original ack (not
 *       delivered again)
 * </ul>
 */
@Component
public class ChatMetrics {

    public static final String ACCEPTED = "chat.room.messages.accepted";
    public static final String REJECTED = "chat.room.messages.rejected";
    public static final String SHED = "chat.room.messages.shed";
    public static final String DELIVERED = "chat.room.messages.delivered";
    public static final String BATCHES = "chat.room.batches.published";
    public static final String LATENCY = "chat.room.route.latency";
    public static final String WINDOWS = "chat.room.windows.active";
    public static final String RETRIES = "chat.room.messages.retries";

    private final MeterRegistry registry;
    private final Map<Priority, Counter> accepted = new EnumMap<>(Priority.class);
    private final Map<Priority, Counter> delivered = new EnumMap<>(Priority.class);
    private final Map<Priority, Counter> batches = new EnumMap<>(Priority.class);
    private final Map<ShedReason, Map<Priority, Counter>> shed = new EnumMap<>(ShedReason.class);
    private final Map<ErrorCode, Counter> rejected = new EnumMap<>(ErrorCode.class);
    private final Timer latency;
    private final Counter retries;
    private volatile Supplier<Number> openWindows = () -> 0;

    public ChatMetrics(MeterRegistry registry) {
        this.registry = registry;
        for (Priority prio : Priority.values()) {
            accepted.put(prio, counter(ACCEPTED, "prio", prio));
            delivered.put(prio, counter(DELIVERED, "prio", prio));
            batches.put(prio, counter(BATCHES, "prio", prio));
        }
        for (ShedReason reason : ShedReason.values()) {
            Map<Priority, Counter> byPrio = new EnumMap<>(Priority.class);
            for (Priority prio : Priority.values()) {
                byPrio.put(
                        prio,
                        Counter.builder(SHED)
                                .description("accepted chat messages not delivered")
                                .tag("reason", reason.tag())
                                .tag("prio", tag(prio))
                                .register(registry));
            }
            shed.put(reason, byPrio);
        }
        for (ErrorCode code : ErrorCode.values()) {
            rejected.put(
                    code, Counter.builder(REJECTED).tag("code", code.code()).register(registry));
        }
        this.retries = Counter.builder(RETRIES)
                .description("retries of an accepted chat message answered with the original ack")
                .register(registry);
        this.latency = Timer.builder(LATENCY)
                .description("from acceptance of a chat message to its publication on the room channel")
                .publishPercentiles(0.5, 0.99)
                .publishPercentileHistogram()
                .maximumExpectedValue(Duration.ofSeconds(2))
                .register(registry);
    }

    /** Registers the gauge of open windows. */
    public void windows(Supplier<Number> openWindows) {
        this.openWindows = openWindows;
        Gauge.builder(WINDOWS, openWindows, supplier -> supplier.get().doubleValue())
                .description("rooms with an open aggregation window on this instance")
                .strongReference(true)
                .register(registry);
    }

    public void accepted(Priority prio) {
        accepted.get(prio).increment();
    }

    public void rejected(ErrorCode code) {
        rejected.get(code).increment();
    }

    public void shed(ShedReason reason, Priority prio, int count) {
        if (count > 0) {
            shed.get(reason).get(prio).increment(count);
        }
    }

    public void retried() {
        retries.increment();
    }

    public void delivered(Priority prio, int count) {
        if (count > 0) {
            delivered.get(prio).increment(count);
            batches.get(prio).increment();
        }
    }

    public void published(long acceptedNanos, long nowNanos) {
        latency.record(nowNanos - acceptedNanos, TimeUnit.NANOSECONDS);
    }

    /** The counts the {@code shedding} actuator endpoint shows. */
    public Map<String, Object> snapshot() {
        Map<String, Object> view = new LinkedHashMap<>();
        view.put("openWindows", openWindows.get().intValue());
        view.put("accepted", byPrio(accepted));
        view.put("delivered", byPrio(delivered));
        view.put("batches", byPrio(batches));
        Map<String, Object> shedView = new LinkedHashMap<>();
        long total = 0;
        for (var entry : shed.entrySet()) {
            Map<String, Long> counts = byPrio(entry.getValue());
            total += counts.values().stream().mapToLong(Long::longValue).sum();
            shedView.put(entry.getKey().tag(), counts);
        }
        view.put("shedTotal", total);
        view.put("shed", shedView);
        Map<String, Long> rejectedView = new LinkedHashMap<>();
        rejected.forEach((code, counter) -> {
            if (counter.count() > 0) {
                rejectedView.put(code.code(), (long) counter.count());
            }
        });
        view.put("rejected", rejectedView);
        view.put("retries", (long) retries.count());
        view.put(
                "latencyMillis",
                Map.of(
                        "count", latency.count(),
                        "mean", latency.mean(TimeUnit.MILLISECONDS),
                        "max", latency.max(TimeUnit.MILLISECONDS)));
        return view;
    }

    private Counter counter(String name, String tag, Priority prio) {
        return Counter.builder(name).tag(tag, tag(prio)).register(registry);
    }

    private static Map<String, Long> byPrio(Map<Priority, Counter> counters) {
        Map<String, Long> view = new LinkedHashMap<>();
        counters.forEach((prio, counter) -> view.put(tag(prio), (long) counter.count()));
        return view;
    }

    private static String tag(Priority prio) {
        return prio.name().toLowerCase(Locale.ROOT);
    }
}
