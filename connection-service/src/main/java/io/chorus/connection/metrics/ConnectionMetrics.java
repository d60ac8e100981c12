package io.chorus.connection.metrics;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.util.EnumMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

/**
 * The meters of connection-service, all named {@code chat.connection.*} with low-cardinality tags only
 * (never a room or user id). Counters are created once; the hot path only increments.
 */
public final class ConnectionMetrics {

    /** Gauge: open WebSocket connections. */
    public static final String CONNECTIONS = "chat.connection.connections";
    /** Gauge: rooms with at least one local viewer. */
    public static final String ROOMS = "chat.connection.rooms";
    /** Gauge: rooms without local viewers still subscribed, waiting out the unsubscribe grace. */
    public static final String IDLE_ROOMS = "chat.connection.rooms.idle";
    /** Counter: successful joins. */
    public static final String JOINS = "chat.connection.joins";
    /** Counter: leaves (explicit, disconnect or room closed). */
    public static final String LEAVES = "chat.connection.leaves";
    /** Counter: frames written to clients, tag {@code source} = room, user or reply. */
    public static final String FRAMES_OUT = "chat.connection.frames.out";
    /** Counter: payload bytes written to clients (before compression), tag {@code source}. */
    public static final String BYTES_OUT = "chat.connection.bytes.out";
    /** Counter: frames not delivered, tags {@code reason} and {@code priority}. */
    public static final String DROPS = "chat.connection.drops";
    /** Gauge: bytes waiting in all connections' outbound queues. */
    public static final String QUEUE_DEPTH = "chat.connection.queue.depth";
    /** Timer: from a frame's arrival from Redis until it is written to every local viewer on one event loop. */
    public static final String FANOUT_LATENCY = "chat.connection.fanout.latency";
    /** Counter: bad inbound frames answered with an error, tag {@code code}. */
    public static final String BAD_INPUT = "chat.connection.input.rejected";
    /** Counter: connections closed by the server, tag {@code code}. */
    public static final String CLOSES = "chat.connection.closes";

    /** Where an outbound frame came from. */
    public enum Source {
        ROOM,
        USER,
        REPLY
    }

    /** Why a frame was not delivered. */
    public enum DropReason {
        /** The connection's outbound queue was above its high-water mark. */
        SLOW_CONSUMER,
        /** The instance's low-priority delivery budget was spent (rate limiter). */
        OVERLOAD,
        /** Too many fan-out tasks were waiting for the event loops (bulkhead). */
        BACKLOG,
        /** The connection was closed, or closed as hopeless. */
        CLOSED
    }

    private final MeterRegistry registry;
    private final Counter joins;
    private final Counter leaves;
    private final Map<Source, Counter> framesOut = new EnumMap<>(Source.class);
    private final Map<Source, Counter> bytesOut = new EnumMap<>(Source.class);
    private final Counter[][] drops;
    private final Timer fanoutLatency;

    public ConnectionMetrics(MeterRegistry registry) {
        this.registry = registry;
        this.joins = Counter.builder(JOINS).description("Rooms joined").register(registry);
        this.leaves = Counter.builder(LEAVES).description("Rooms left").register(registry);
        for (Source source : Source.values()) {
            String tag = source.name().toLowerCase();
            framesOut.put(
                    source,
                    Counter.builder(FRAMES_OUT)
                            .description("Frames written to clients")
                            .tag("source", tag)
                            .register(registry));
            bytesOut.put(
                    source,
                    Counter.builder(BYTES_OUT)
                            .description("Payload bytes written to clients")
                            .baseUnit("bytes")
                            .tag("source", tag)
                            .register(registry));
        }
        this.drops = new Counter[DropReason.values().length][2];
        for (DropReason reason : DropReason.values()) {
            for (int high = 0; high < 2; high++) {
                drops[reason.ordinal()][high] = Counter.builder(DROPS)
                        .description("Frames not delivered")
                        .tag("reason", reason.name().toLowerCase())
                        .tag("priority", high == 1 ? "high" : "low")
                        .register(registry);
            }
        }
        this.fanoutLatency = Timer.builder(FANOUT_LATENCY)
                .description("Arrival from Redis to written on one event loop")
                .publishPercentiles(0.5, 0.99, 0.999)
                .register(registry);
    }

    /** Registers a gauge read at scrape time. */
    public void gauge(String name, String description, Supplier<Number> value) {
        io.micrometer.core.instrument.Gauge.builder(name, value)
                .description(description)
                .register(registry);
    }

    public void joined() {
        joins.increment();
    }

    public void left() {
        leaves.increment();
    }

    public void sent(Source source, int frames, long bytes) {
        framesOut.get(source).increment(frames);
        bytesOut.get(source).increment(bytes);
    }

    public void dropped(DropReason reason, boolean highPriority, int frames) {
        drops[reason.ordinal()][highPriority ? 1 : 0].increment(frames);
    }

    public double dropCount(DropReason reason, boolean highPriority) {
        return drops[reason.ordinal()][highPriority ? 1 : 0].count();
    }

    public void fanoutLatency(long nanos) {
        fanoutLatency.record(nanos, TimeUnit.NANOSECONDS);
    }

    public void rejected(String code) {
        registry.counter(BAD_INPUT, "code", code).increment();
    }

    public void closed(int code) {
        registry.counter(CLOSES, "code", Integer.toString(code)).increment();
    }
}
