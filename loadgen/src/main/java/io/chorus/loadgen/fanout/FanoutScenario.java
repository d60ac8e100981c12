package io.chorus.loadgen.fanout;

import io.chorus.client.ChorusClient;
import io.chorus.loadgen.MainThread;
import io.chorus.loadgen.Scenario;
import io.chorus.loadgen.cli.Args;
import io.chorus.loadgen.connect.ConnectionFactory;
import io.chorus.loadgen.connect.ConnectionRamp;
import io.chorus.loadgen.connect.Connections;
import io.chorus.loadgen.connect.Preflight;
import io.chorus.loadgen.connect.RoomApi;
import io.chorus.loadgen.connect.RoomSetup;
import io.chorus.loadgen.measure.PacedLoop;
import io.chorus.loadgen.measure.ProcessCpu;
import io.chorus.loadgen.report.Markdown;
import io.chorus.loadgen.report.ScenarioResult;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalDouble;
import java.util.concurrent.ThreadLocalRandom;
import java.util.stream.IntStream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * V viewers join room R; a publisher publishes probe messages at a rate ramped step by step until the
 * step's p99 publish-to-receive latency exceeds {@code --max-p99} or its loss exceeds {@code --max-loss}.
 * Each step publishes for {@code --step-duration}, then waits {@code --drain} for its last deliveries.
 */
public final class FanoutScenario implements Scenario {

    private static final Logger log = LoggerFactory.getLogger(FanoutScenario.class);

    private final FanoutSettings settings;
    private final ProbeText probes =
            new ProbeText(Long.toString(ThreadLocalRandom.current().nextLong(1L << 40), 36));
    private final StepLedger[] ledgers;
    private final DeliveryTracker tracker;
    private final ProcessCpu cpu = new ProcessCpu();

    private FanoutScenario(FanoutSettings settings) {
        this.settings = settings;
        this.ledgers = StepLedger.forSteps(settings.ramp().maxSteps());
        this.tracker = new DeliveryTracker(probes, ledgers);
    }

    public static FanoutScenario from(Args args) {
        return new FanoutScenario(FanoutSettings.from(args));
    }

    @Override
    public ScenarioResult run() {
        Preflight.check(
                        settings.viewers() + settings.publishers(),
                        settings.connection().sources())
                .forEach(warning -> log.warn("Preflight: {}", warning));
        try (ConnectionFactory factory = new ConnectionFactory(settings.connection())) {
            if (settings.createRoom()) {
                RoomSetup.create(settings.apiUrl(), factory, List.of(settings.room()));
            }
            log.info("Viewers joining: room={} viewers={}", settings.room(), settings.viewers());
            ConnectionRamp.Result viewers = new ConnectionRamp(factory)
                    .open(settings.viewers(), index -> tracker, (index, client) -> client.join(settings.room()));
            log.info("Viewers joined: joined={} failed={}", viewers.clients().size(), viewers.failed());
            List<StepOutcome> outcomes = new ArrayList<>();
            List<StopRule.Verdict> verdicts = new ArrayList<>();
            try (Publisher publisher = publisher(factory)) {
                warmUp(publisher);
                ramp(publisher, viewers.clients(), outcomes, verdicts);
            }
            Connections.closeAll(viewers.clients(), 1_000, Duration.ofSeconds(60));
            return result(viewers, outcomes, verdicts);
        }
    }

    private Publisher publisher(ConnectionFactory factory) {
        return switch (settings.mode()) {
            case DIRECT ->
                new DirectPublisher(
                        settings.redisUri(),
                        settings.room(),
                        probes,
                        ledgers,
                        settings.batchSize(),
                        settings.priority(),
                        settings.maxInFlight());
            case ROUTE ->
                new RoutePublisher(
                        new RoomApi(settings.apiUrl(), factory.loops(), 256, Duration.ofSeconds(10)),
                        settings.room(),
                        probes,
                        ledgers,
                        publisherTokens(factory),
                        settings.maxInFlight());
            case CHAT -> new ChatPublisher(chatPublishers(factory), settings.room(), probes, ledgers);
        };
    }

    private List<String> publisherTokens(ConnectionFactory factory) {
        return IntStream.range(0, settings.publishers())
                .mapToObj(i -> factory.minter().mint("lg-pub" + i, "lg-pub" + i, settings.publisherRoles()))
                .toList();
    }

    private List<ChorusClient> chatPublishers(ConnectionFactory factory) {
        ConnectionRamp.Result publishers = new ConnectionRamp(factory.as("lg-pub", settings.publisherRoles()))
                .open(settings.publishers(), index -> null, (index, client) -> client.join(settings.room()));
        log.info("Publishers joined: joined={} failed={}", publishers.clients().size(), publishers.failed());
        return publishers.clients();
    }

    private void warmUp(Publisher publisher) {
        if (settings.warmup().isZero()) {
            return;
        }
        log.info("Warm-up: rate={} duration={}", settings.ramp().start(), settings.warmup());
        publishFor(publisher, 0, settings.ramp().start(), settings.warmup());
        MainThread.sleep(settings.drain());
    }

    private void ramp(
            Publisher publisher,
            List<ChorusClient> viewers,
            List<StepOutcome> outcomes,
            List<StopRule.Verdict> verdicts) {
        for (int index = 0; ; index++) {
            OptionalDouble rate = settings.ramp().rate(index);
            if (rate.isEmpty() || Thread.currentThread().isInterrupted()) {
                return;
            }
            StepOutcome outcome = step(publisher, index, rate.getAsDouble(), viewers);
            StopRule.Verdict verdict = settings.stop().judge(outcome);
            outcomes.add(outcome);
            verdicts.add(verdict);
            log.info(
                    "Step done: step={} rate={} sentPerSec={} deliveriesPerSec={} framesPerSec={} loss={} {}"
                            + " loadgenCores={} verdict={} failures={}",
                    index,
                    rate.getAsDouble(),
                    Math.round(outcome.sentPerSec()),
                    Math.round(outcome.deliveriesPerSec()),
                    Math.round(outcome.framesPerSec()),
                    String.format("%.5f", outcome.loss()),
                    outcome.latency(),
                    outcome.loadgenCores(),
                    verdict,
                    ledgers[index + 1].failures.snapshot());
            if (!verdict.passed()) {
                return;
            }
        }
    }

    private StepOutcome step(Publisher publisher, int index, double rate, List<ChorusClient> viewers) {
        int ledgerIndex = index + 1;
        long framesBefore = tracker.frames();
        cpu.coresSinceLast();
        log.info("Step starting: step={} rate={} duration={}", index, rate, settings.stepDuration());
        publishFor(publisher, ledgerIndex, rate, settings.stepDuration());
        double cores = cpu.coresSinceLast();
        long open = Connections.open(viewers);
        MainThread.sleep(settings.drain());
        StepLedger ledger = ledgers[ledgerIndex];
        return new StepOutcome(
                index,
                rate,
                ledger.sent.sum(),
                ledger.shed.sum(),
                ledger.rejected.sum(),
                open,
                ledger.delivered.sum(),
                tracker.frames() - framesBefore,
                settings.stepDuration(),
                ledger.latency.summary(),
                cores);
    }

    /** Publishes at {@code rate} for {@code duration}, in batches of the publisher's size. */
    private static void publishFor(Publisher publisher, int ledgerIndex, double rate, Duration duration) {
        int batch = publisher.batchSize();
        long[] backlog = {0};
        long[] seq = {0};
        PacedLoop.run(rate, duration, () -> false, due -> {
            backlog[0] += due;
            while (backlog[0] >= batch) {
                publisher.publish(ledgerIndex, seq[0], batch);
                seq[0] += batch;
                backlog[0] -= batch;
            }
        });
        if (backlog[0] > 0) {
            publisher.publish(ledgerIndex, seq[0], (int) backlog[0]);
        }
    }

    private ScenarioResult result(
            ConnectionRamp.Result viewers, List<StepOutcome> outcomes, List<StopRule.Verdict> verdicts) {
        Map<String, Object> params = new LinkedHashMap<>();
        params.put("url", settings.connection().url().toString());
        params.put("mode", settings.mode().name().toLowerCase());
        params.put("room", settings.room());
        params.put("viewers", settings.viewers());
        params.put("batchSize", settings.batchSize());
        params.put("prio", settings.priority().name().toLowerCase());
        params.put("startRate", settings.ramp().start());
        params.put("step", settings.ramp().step());
        params.put("stepDuration", settings.stepDuration().toString());
        params.put("maxP99Ms", settings.stop().maxP99().toMillis());
        params.put("maxLoss", settings.stop().maxLoss());
        params.put("compression", settings.connection().compression());
        Map<String, Object> results = new LinkedHashMap<>();
        results.put("viewersJoined", viewers.clients().size());
        results.put("viewersFailed", viewers.failed());
        results.put("viewerFailures", viewers.failures());
        StepOutcome best = lastPassing(outcomes, verdicts);
        results.put("maxSustainedRate", best == null ? 0 : best.rate());
        results.put("maxSustainedDeliveriesPerSec", best == null ? 0 : Math.round(best.deliveriesPerSec()));
        results.put("p99AtMaxMs", best == null ? 0 : best.latency().p99());
        results.put("stoppedBecause", verdicts.isEmpty() ? "no step" : stopReason(verdicts));
        results.put("steps", outcomes.stream().map(StepOutcome::asMap).toList());
        return new ScenarioResult("fanout", params, results, markdown(outcomes, verdicts), List.of());
    }

    private static StepOutcome lastPassing(List<StepOutcome> outcomes, List<StopRule.Verdict> verdicts) {
        StepOutcome best = null;
        for (int i = 0; i < outcomes.size(); i++) {
            if (verdicts.get(i).passed()) {
                best = outcomes.get(i);
            }
        }
        return best;
    }

    private static String stopReason(List<StopRule.Verdict> verdicts) {
        StopRule.Verdict last = verdicts.get(verdicts.size() - 1);
        return last.passed() ? "ramp ended" : last.name().toLowerCase();
    }

    private List<String> markdown(List<StepOutcome> outcomes, List<StopRule.Verdict> verdicts) {
        List<List<Object>> rows = new ArrayList<>();
        for (int i = 0; i < outcomes.size(); i++) {
            StepOutcome outcome = outcomes.get(i);
            rows.add(List.of(
                    settings.mode().name().toLowerCase() + " batch=" + settings.batchSize(),
                    outcome.viewers(),
                    Math.round(outcome.sentPerSec()),
                    Math.round(outcome.deliveriesPerSec()),
                    outcome.latency().p50(),
                    outcome.latency().p99(),
                    outcome.latency().p999(),
                    String.format("%.4f%%", outcome.loss() * 100),
                    outcome.loadgenCores(),
                    verdicts.get(i).name().toLowerCase()));
        }
        return Markdown.table(
                List.of(
                        "fanout",
                        "viewers",
                        "msgs/s",
                        "deliveries/s",
                        "p50 ms",
                        "p99 ms",
                        "p99.9 ms",
                        "loss",
                        "loadgen cores",
                        "verdict"),
                rows);
    }
}
