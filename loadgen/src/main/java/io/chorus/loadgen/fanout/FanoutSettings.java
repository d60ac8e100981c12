package io.chorus.loadgen.fanout;

import io.chorus.loadgen.cli.Args;
import io.chorus.loadgen.connect.ConnectionSettings;
import io.chorus.protocol.Priority;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Locale;

/**
 * @param connection how viewers connect
 * @param room the room
 * @param viewers viewers joining it
 * @param mode where messages are published
 * @param redisUri Redis, for {@link Mode#DIRECT}
 * @param apiUrl the route layer's REST base URL (room creation, {@link Mode#ROUTE})
 * @param createRoom create the room through the route layer first
 * @param ramp the rate of each step
 * @param stepDuration how long each step publishes
 * @param drain how long to wait after a step for its last deliveries
 * @param warmup publishing at the first rate before the first step, not reported
 * @param stop when the ramp stops
 * @param batchSize probes per published {@code room.batch} ({@link Mode#DIRECT} only)
 * @param priority the probes' priority ({@link Mode#DIRECT} only)
 * @param publishers publisher users ({@link Mode#ROUTE}, {@link Mode#CHAT})
 * @param publisherRoles roles of the publisher users ({@code streamer}: high priority, never shed)
 * @param maxInFlight publishes in flight at most
 */
record FanoutSettings(
        ConnectionSettings connection,
        String room,
        int viewers,
        Mode mode,
        String redisUri,
        URI apiUrl,
        boolean createRoom,
        RateRamp ramp,
        Duration stepDuration,
        Duration drain,
        Duration warmup,
        StopRule stop,
        int batchSize,
        Priority priority,
        int publishers,
        List<String> publisherRoles,
        int maxInFlight) {

    static FanoutSettings from(Args args) {
        Duration maxP99 = args.duration("max-p99", Duration.ofSeconds(2));
        double start = args.decimal("start-rate", 1000);
        String redisUri = args.string("redis", "redis://127.0.0.1:6379");
        ConnectionSettings.requireLoopback(URI.create(redisUri));
        return new FanoutSettings(
                ConnectionSettings.from(args),
                args.string("room", "loadgen-fanout"),
                args.integer("viewers", 1_000),
                Mode.valueOf(args.string("mode", "direct").toUpperCase(Locale.ROOT)),
                redisUri,
                URI.create(args.string("api-url", "http://127.0.0.1:8082")),
                args.flag("create-room", true),
                new RateRamp(
                        start,
                        args.decimal("step", 1000),
                        args.integer("max-steps", 20),
                        args.decimal("max-rate", Double.MAX_VALUE)),
                args.duration("step-duration", Duration.ofSeconds(10)),
                args.duration("drain", maxP99.plusSeconds(1)),
                args.duration("warmup", Duration.ofSeconds(5)),
                new StopRule(maxP99, args.decimal("max-loss", 0.01)),
                args.integer("batch-size", 1),
                Priority.valueOf(args.string("prio", "low").toUpperCase(Locale.ROOT)),
                args.integer("publishers", 200),
                args.list("publisher-roles", ""),
                args.integer("max-inflight", 5_000));
    }

    /** Where probes are published. */
    enum Mode {
        /** SPUBLISH into the room's Redis channel: the connection tier alone. */
        DIRECT,
        /** POST to the route layer's REST API. */
        ROUTE,
        /** {@code chat} frames over the WebSocket (through the connection tier to the route layer). */
        CHAT
    }
}
