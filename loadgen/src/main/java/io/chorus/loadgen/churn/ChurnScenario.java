package io.chorus.loadgen.churn;

import io.chorus.client.ChorusClient;
import io.chorus.loadgen.MainThread;
import io.chorus.loadgen.Scenario;
import io.chorus.loadgen.cli.Args;
import io.chorus.loadgen.connect.ConnectionFactory;
import io.chorus.loadgen.connect.ConnectionRamp;
import io.chorus.loadgen.connect.Connections;
import io.chorus.loadgen.connect.Preflight;
import io.chorus.loadgen.connect.RoomSetup;
import io.chorus.loadgen.measure.LatencySummary;
import io.chorus.loadgen.measure.PacedLoop;
import io.chorus.loadgen.measure.Pacer;
import io.chorus.loadgen.measure.ProcessCpu;
import io.chorus.loadgen.report.Markdown;
import io.chorus.loadgen.report.Progress;
import io.chorus.loadgen.report.ScenarioResult;
import io.netty.channel.EventLoop;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.publisher.Mono;

/**
 * A pool of connections continuously joining and leaving rooms at a target join rate; reports the
 * achieved join and leave rates and the join latency (join sent → joined received).
 */
public final class ChurnScenario implements Scenario {

    private static final Logger log = LoggerFactory.getLogger(ChurnScenario.class);

    private final ChurnSettings settings;

    private ChurnScenario(ChurnSettings settings) {
        this.settings = settings;
    }

    public static ChurnScenario from(Args args) {
        return new ChurnScenario(ChurnSettings.from(args));
    }

    @Override
    public ScenarioResult run() {
        Preflight.check(settings.connections(), settings.connection().sources())
                .forEach(warning -> log.warn("Preflight: {}", warning));
        try (ConnectionFactory factory = new ConnectionFactory(settings.connection())) {
            List<String> rooms = settings.roomIds();
            if (settings.createRooms()) {
                RoomSetup.create(settings.apiUrl(), factory, rooms);
            }
            ChurnConnection[] slots = new ChurnConnection[settings.connections()];
            Queue<Map.Entry<ChurnConnection, ChorusClient>> opened = new ConcurrentLinkedQueue<>();
            ConnectionRamp.Result pool = new ConnectionRamp(factory)
                    .open(settings.connections(), index -> slots[index] = new ChurnConnection(), (index, client) -> {
                        opened.add(Map.entry(slots[index], client));
                        return Mono.empty();
                    });
            log.info("Churn pool open: connected={} failed={}", pool.clients().size(), pool.failed());
            try (ChurnCycle cycle =
                    new ChurnCycle(rooms, settings.hold(), settings.connection().requestTimeout())) {
                for (Map.Entry<ChurnConnection, ChorusClient> entry : opened) {
                    EventLoop loop = entry.getValue().eventLoop();
                    if (loop != null) {
                        cycle.add(entry.getKey(), ChurnConnection.Link.of(entry.getValue()), loop);
                    }
                }
                cycle.start();
                log.info("Churn lanes: {} (one per event loop)", cycle.lanes());
                warmUp(cycle);
                ProcessCpu cpu = new ProcessCpu();
                long start = System.nanoTime();
                Pacer pacer;
                try (Progress progress = Progress.every(Duration.ofSeconds(1), progressLine(cycle))) {
                    pacer = PacedLoop.run(settings.joinsPerSec(), settings.duration(), () -> false, cycle::start);
                }
                Duration elapsed = Duration.ofNanos(System.nanoTime() - start);
                double cores = cpu.coresSinceLast();
                ChurnLane.Stats paced = cycle.stats();
                awaitCycles(cycle);
                ScenarioResult result = result(pool, cycle, pacer, paced, elapsed, cores);
                Connections.closeAll(pool.clients(), 1_000, Duration.ofSeconds(60));
                return result;
            }
        }
    }

    /**
     * Runs the same churn on the same connections for the warm-up, then forgets its counts, so the measured
     * run meets a server whose JIT has compiled the join and leave paths, without the reconnection a second
     * generator run would bring (new handshakes and closes make the server's compiler work again).
     */
    private void warmUp(ChurnCycle cycle) {
        if (settings.warmup().isZero()) {
            return;
        }
        try (Progress progress = Progress.every(Duration.ofSeconds(1), progressLine(cycle))) {
            PacedLoop.run(settings.joinsPerSec(), settings.warmup(), () -> false, cycle::start);
        }
        ChurnLane.Stats warm = cycle.stats();
        double seconds = settings.warmup().toNanos() / 1e9;
        log.info(
                "Churn warm-up ({}, not recorded): joinsPerSec={} leavesPerSec={} joinLatency={} failures={}",
                settings.warmup(),
                Math.round(warm.joins() / seconds),
                Math.round(warm.leaves() / seconds),
                cycle.joinLatency().asMap(),
                cycle.failures.total());
        cycle.reset();
    }

    private static Supplier<String> progressLine(ChurnCycle cycle) {
        AtomicLong lastJoins = new AtomicLong();
        AtomicLong lastLeaves = new AtomicLong();
        return () -> {
            ChurnLane.Stats stats = cycle.stats();
            return "Churn progress: joinsPerSec=" + (stats.joins() - lastJoins.getAndSet(stats.joins()))
                    + " leavesPerSec=" + (stats.leaves() - lastLeaves.getAndSet(stats.leaves())) + " inFlight="
                    + stats.inFlight() + " exhausted=" + stats.exhausted() + " failures=" + cycle.failures.total();
        };
    }

    private void awaitCycles(ChurnCycle cycle) {
        long deadline = System.nanoTime()
                + settings.connection()
                        .requestTimeout()
                        .multipliedBy(2)
                        .plus(settings.hold())
                        .toNanos();
        while (cycle.stats().inFlight() > 0 && System.nanoTime() < deadline) {
            MainThread.sleep(Duration.ofMillis(20));
        }
    }

    private ScenarioResult result(
            ConnectionRamp.Result pool,
            ChurnCycle cycle,
            Pacer pacer,
            ChurnLane.Stats paced,
            Duration elapsed,
            double cores) {
        double seconds = elapsed.toNanos() / 1e9;
        long joins = paced.joins();
        long leaves = paced.leaves();
        LatencySummary joinLatency = cycle.joinLatency();
        LatencySummary leaveLatency = cycle.leaveLatency();
        Map<String, Object> params = new LinkedHashMap<>();
        params.put("url", settings.connection().url().toString());
        params.put("connections", settings.connections());
        params.put("rooms", settings.rooms());
        params.put("targetJoinsPerSec", settings.joinsPerSec());
        params.put("duration", settings.duration().toString());
        params.put("warmup", settings.warmup().toString());
        params.put("hold", settings.hold().toString());
        Map<String, Object> results = new LinkedHashMap<>();
        results.put("poolConnected", pool.clients().size());
        results.put("poolFailed", pool.failed());
        results.put("joinsPerSec", Math.round(joins / seconds));
        results.put("leavesPerSec", Math.round(leaves / seconds));
        results.put("joinLatency", joinLatency.asMap());
        results.put("leaveLatency", leaveLatency.asMap());
        results.put("poolExhausted", paced.exhausted());
        results.put("pacerSkipped", pacer.skipped());
        results.put("failures", cycle.failures.snapshot());
        results.put("loadgenCores", cores);
        List<String> markdown = Markdown.table(
                List.of(
                        "churn",
                        "rooms",
                        "target joins/s",
                        "joins/s",
                        "leaves/s",
                        "join p50 ms",
                        "join p99 ms",
                        "failures",
                        "loadgen cores"),
                List.of(List.of(
                        settings.connections() + " conns",
                        settings.rooms(),
                        Math.round(settings.joinsPerSec()),
                        Math.round(joins / seconds),
                        Math.round(leaves / seconds),
                        joinLatency.p50(),
                        joinLatency.p99(),
                        cycle.failures.total(),
                        cores)));
        return new ScenarioResult("churn", params, results, markdown, List.of());
    }
}
