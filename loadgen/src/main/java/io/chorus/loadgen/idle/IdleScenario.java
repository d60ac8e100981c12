package io.chorus.loadgen.idle;

import io.chorus.client.ChorusClient;
import io.chorus.loadgen.MainThread;
import io.chorus.loadgen.Scenario;
import io.chorus.loadgen.cli.Args;
import io.chorus.loadgen.connect.ConnectionFactory;
import io.chorus.loadgen.connect.ConnectionRamp;
import io.chorus.loadgen.connect.Connections;
import io.chorus.loadgen.connect.Preflight;
import io.chorus.loadgen.connect.RoomSetup;
import io.chorus.loadgen.measure.ProcessCpu;
import io.chorus.loadgen.measure.ProcessMemory;
import io.chorus.loadgen.report.Markdown;
import io.chorus.loadgen.report.ScenarioResult;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.publisher.Mono;

/**
 * Opens N idle connections (each joining nothing or one room), holds them, and reports how many opened,
 * failed and were still open at the end of the hold. The server's memory is read from outside: /proc and
 * the actuator (instructions printed), or sampled here with {@code --server-pid}.
 */
public final class IdleScenario implements Scenario {

    private static final Logger log = LoggerFactory.getLogger(IdleScenario.class);

    private final IdleSettings settings;

    private IdleScenario(IdleSettings settings) {
        this.settings = settings;
    }

    public static IdleScenario from(Args args) {
        return new IdleScenario(IdleSettings.from(args));
    }

    @Override
    public ScenarioResult run() {
        Preflight.check(settings.connections(), settings.connection().sources())
                .forEach(warning -> log.warn("Preflight: {}", warning));
        try (ConnectionFactory factory = new ConnectionFactory(settings.connection())) {
            String room = settings.room();
            if (room != null && settings.createRoom()) {
                RoomSetup.create(settings.apiUrl(), factory, List.of(room));
            }
            long rssBefore = rss();
            ProcessCpu cpu = new ProcessCpu();
            log.info(
                    "Idle ramp starting: connections={} rampPerSec={} sources={} room={}",
                    settings.connections(),
                    settings.connection().rampPerSec(),
                    settings.connection().sources().size(),
                    room);
            ConnectionRamp.Result ramp = new ConnectionRamp(factory)
                    .open(settings.connections(), index -> null, (index, client) -> join(client, room));
            double rampCores = cpu.coresSinceLast();
            log.info(
                    "Idle ramp done: connected={} failed={} elapsedMs={}",
                    ramp.clients().size(),
                    ramp.failed(),
                    ramp.elapsed().toMillis());
            long rssHeld = hold(ramp.clients());
            long stillOpen = Connections.open(ramp.clients());
            Connections.closeAll(ramp.clients(), 1_000, Duration.ofSeconds(60));
            return result(ramp, stillOpen, rssBefore, rssHeld, rampCores, factory);
        }
    }

    private static Mono<?> join(ChorusClient client, String room) {
        return room == null ? Mono.empty() : client.join(room);
    }

    private long hold(List<ChorusClient> clients) {
        long end = System.nanoTime() + settings.hold().toNanos();
        while (System.nanoTime() < end && !Thread.currentThread().isInterrupted()) {
            MainThread.sleep(Duration.ofMillis(Math.min(5_000, Math.max(1, (end - System.nanoTime()) / 1_000_000))));
            log.info("Holding: open={} serverRssKib={}", Connections.open(clients), rss());
        }
        return rss();
    }

    private long rss() {
        return settings.serverPid() > 0 ? ProcessMemory.rssKib(settings.serverPid()) : -1;
    }

    private ScenarioResult result(
            ConnectionRamp.Result ramp,
            long stillOpen,
            long rssBefore,
            long rssHeld,
            double rampCores,
            ConnectionFactory factory) {
        Map<String, Object> params = new LinkedHashMap<>();
        params.put("url", settings.connection().url().toString());
        params.put("connections", settings.connections());
        params.put("rampPerSec", settings.connection().rampPerSec());
        params.put("hold", settings.hold().toString());
        params.put("room", settings.room());
        params.put("sources", settings.connection().sources().size());
        params.put("compression", settings.connection().compression());
        Map<String, Object> results = new LinkedHashMap<>();
        results.put("connected", ramp.clients().size());
        results.put("failed", ramp.failed());
        results.put("failures", ramp.failures());
        results.put("stillOpenAfterHold", stillOpen);
        results.put("rampSeconds", ramp.elapsed().toMillis() / 1000.0);
        results.put("achievedConnectsPerSec", Math.round(ramp.achievedPerSec()));
        results.put("connectLatency", ramp.connectLatency().asMap());
        results.put("loadgenCoresDuringRamp", rampCores);
        if (rssHeld > 0) {
            results.put("serverRssKibBefore", rssBefore);
            results.put("serverRssKibHeld", rssHeld);
            results.put("serverRssBytesPerConnection", perConnection(rssBefore, rssHeld, stillOpen));
        }
        List<String> markdown = Markdown.table(
                List.of(
                        "scenario",
                        "connections",
                        "connected",
                        "failed",
                        "open after hold",
                        "connect p99",
                        "server RSS/conn"),
                List.of(List.of(
                        "idle" + (settings.room() == null ? "" : " +join"),
                        settings.connections(),
                        ramp.clients().size(),
                        ramp.failed(),
                        stillOpen,
                        ramp.connectLatency().p99() + " ms",
                        rssHeld > 0 ? perConnection(rssBefore, rssHeld, stillOpen) + " B" : "(see notes)")));
        return new ScenarioResult("idle", params, results, markdown, memoryInstructions(factory));
    }

    private static long perConnection(long rssBeforeKib, long rssHeldKib, long open) {
        return open == 0 ? 0 : (rssHeldKib - rssBeforeKib) * 1024 / open;
    }

    private List<String> memoryInstructions(ConnectionFactory factory) {
        String admin = factory.minter().mint("loadgen-admin", "loadgen admin", List.of("admin"));
        String actuator = "http://" + settings.connection().url().getHost() + ":"
                + settings.connection().url().getPort() + "/actuator";
        return List.of(
                "Server memory: read it while the connections are held (rerun with a longer --hold if needed).",
                "  RSS:  grep VmRSS /proc/<connection-service pid>/status   (pid: jps -l, or pgrep -f connection-service)",
                "        or pass --server-pid <pid> and the load generator samples it before the ramp and after the hold",
                "  heap: curl -s " + actuator + "/prometheus | grep '^jvm_memory_used_bytes{area=\"heap\"'",
                "        curl -s -H 'Authorization: Bearer " + admin + "' '" + actuator
                        + "/metrics/jvm.memory.used?tag=area:heap'",
                "  per connection = (RSS held - RSS before the ramp) / open connections; force a GC first for the"
                        + " heap (jcmd <pid> GC.run).");
    }
}
