package io.chorus.loadgen.connect;

import io.chorus.client.ChorusClient;
import io.chorus.client.RawFrameListener;
import io.chorus.loadgen.measure.FailureCounts;
import io.chorus.loadgen.measure.LatencyRecorder;
import io.chorus.loadgen.measure.LatencySummary;
import io.chorus.loadgen.measure.PacedLoop;
import io.chorus.loadgen.report.Progress;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReferenceArray;
import java.util.concurrent.locks.LockSupport;
import java.util.function.BiFunction;
import java.util.function.IntFunction;
import reactor.core.publisher.Mono;

/**
 * Opens connections at a steady rate, at most {@code maxPending} attempts in flight, each followed by a
 * setup step (e.g. joining a room); waits until every attempt ended.
 */
public final class ConnectionRamp {

    private final ConnectionFactory factory;
    private final AtomicInteger pending = new AtomicInteger();
    private final AtomicInteger connected = new AtomicInteger();
    private final FailureCounts failures = new FailureCounts();
    private final LatencyRecorder latency = new LatencyRecorder();
    private volatile int started;

    public ConnectionRamp(ConnectionFactory factory) {
        this.factory = factory;
    }

    /**
     * Opens {@code count} connections, blocking the calling thread (the CLI's main thread) until done.
     *
     * @param raw the raw frame listener of connection {@code index}, or {@code null} for none
     * @param setup what follows the upgrade, e.g. a join; its failure counts as a failed connection
     */
    public Result open(int count, IntFunction<RawFrameListener> raw, BiFunction<Integer, ChorusClient, Mono<?>> setup) {
        ConnectionSettings settings = factory.settings();
        AtomicReferenceArray<ChorusClient> clients = new AtomicReferenceArray<>(count);
        long begin = System.nanoTime();
        long[] backlog = {0};
        try (Progress progress = Progress.every(Duration.ofSeconds(1), this::progressLine)) {
            PacedLoop.run(settings.rampPerSec(), Duration.ofDays(1), () -> started >= count, due -> {
                backlog[0] += due;
                long room = Math.min(settings.maxPending() - pending.get(), count - started);
                long now = Math.min(backlog[0], room);
                for (long i = 0; i < now; i++) {
                    start(started++, clients, raw, setup);
                }
                backlog[0] -= Math.max(0, now);
            });
            awaitPending(
                    settings.connectTimeout().plus(settings.requestTimeout()).plusSeconds(5));
        }
        List<ChorusClient> open = new ArrayList<>(connected.get());
        for (int i = 0; i < count; i++) {
            ChorusClient client = clients.get(i);
            if (client != null) {
                open.add(client);
            }
        }
        return new Result(
                count,
                open,
                failures.total(),
                failures.snapshot(),
                latency.summary(),
                Duration.ofNanos(System.nanoTime() - begin));
    }

    private void start(
            int index,
            AtomicReferenceArray<ChorusClient> clients,
            IntFunction<RawFrameListener> raw,
            BiFunction<Integer, ChorusClient, Mono<?>> setup) {
        ChorusClient client = factory.create(index, raw.apply(index));
        long begin = System.nanoTime();
        pending.incrementAndGet();
        client.connect()
                .then(Mono.defer(() -> setup.apply(index, client)))
                .subscribe(
                        ignored -> {},
                        error -> {
                            failures.add(error);
                            pending.decrementAndGet();
                            client.close().subscribe();
                        },
                        () -> {
                            latency.recordNanos(System.nanoTime() - begin);
                            clients.set(index, client);
                            connected.incrementAndGet();
                            pending.decrementAndGet();
                        });
    }

    private void awaitPending(Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (pending.get() > 0 && System.nanoTime() < deadline) {
            LockSupport.parkNanos(Duration.ofMillis(20).toNanos());
        }
    }

    private String progressLine() {
        return "Ramp progress: started=" + started + " connected=" + connected.get() + " failed=" + failures.total()
                + " pending=" + pending.get();
    }

    /**
     * @param attempted connections attempted
     * @param clients the connections open and set up
     * @param failed attempts that failed (connect or setup)
     * @param failures failures by reason
     * @param connectLatency upgrade plus setup
     * @param elapsed the ramp's duration
     */
    public record Result(
            int attempted,
            List<ChorusClient> clients,
            long failed,
            Map<String, Long> failures,
            LatencySummary connectLatency,
            Duration elapsed) {

        public double achievedPerSec() {
            return elapsed.isZero() ? 0 : clients.size() / (elapsed.toNanos() / 1e9);
        }
    }
}
