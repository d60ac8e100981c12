package io.chorus.loadgen.churn;

import io.chorus.loadgen.measure.FailureCounts;
import io.chorus.loadgen.measure.LatencySummary;
import io.chorus.loadgen.measure.LoopLatency;
import io.netty.util.concurrent.EventExecutor;
import java.time.Duration;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Function;

/**
 * The join → joined → (hold) → leave → left cycle of pooled connections, one {@link ChurnLane} per event
 * loop: an idle connection takes a random room and goes back to its lane's pool once it left; a connection
 * that dropped or timed out leaves the pool. The pacer thread only hands each lane a count per tick; every
 * write, reply and timeout is handled on the connection's own loop, with text frames built and recognised
 * without Jackson.
 */
final class ChurnCycle implements AutoCloseable {

    private static final Duration READ_TIMEOUT = Duration.ofSeconds(10);

    final FailureCounts failures = new FailureCounts();

    private final ChurnFrames frames;
    private final Duration hold;
    private final Duration timeout;
    private final Map<EventExecutor, ChurnLane> byLoop = new IdentityHashMap<>();
    private final List<ChurnLane> lanes = new ArrayList<>();
    private int nextRemainder;

    ChurnCycle(List<String> rooms, Duration hold, Duration requestTimeout) {
        this.frames = new ChurnFrames(rooms);
        this.hold = hold;
        this.timeout = requestTimeout;
    }

    /** Adds an idle connection whose I/O runs on {@code loop}; before {@link #start()} only. */
    void add(ChurnConnection connection, ChurnConnection.Link link, EventExecutor loop) {
        byLoop.computeIfAbsent(loop, key -> {
                    ChurnLane lane = new ChurnLane(key, frames, hold, timeout, failures);
                    lanes.add(lane);
                    return lane;
                })
                .add(connection, link);
    }

    /** Starts the lanes' timeout sweeps. */
    void start() {
        lanes.forEach(ChurnLane::startSweeping);
    }

    /** From the pacer thread: starts {@code count} cycles, split evenly over the lanes. */
    void start(long count) {
        int n = lanes.size();
        if (n == 0 || count <= 0) {
            return;
        }
        long each = count / n;
        int extra = (int) (count % n);
        for (int i = 0; i < n; i++) {
            int index = (nextRemainder + i) % n;
            lanes.get(index).offer(each + (i < extra ? 1 : 0));
        }
        nextRemainder = (nextRemainder + extra) % n;
    }

    /** The lane of {@code loop}, {@code null} if none. */
    ChurnLane lane(EventExecutor loop) {
        return byLoop.get(loop);
    }

    int lanes() {
        return lanes.size();
    }

    /** The lanes' counters summed (each read on its loop). */
    ChurnLane.Stats stats() {
        ChurnLane.Stats total = ChurnLane.Stats.ZERO;
        for (ChurnLane.Stats stats : onEachLoop(ChurnLane::stats)) {
            total = total.plus(stats);
        }
        return total;
    }

    /** Forgets every lane's counts and latencies and the failures so far (the end of a warm-up). */
    void reset() {
        onEachLoop(ChurnLane::reset);
        failures.clear();
    }

    LatencySummary joinLatency() {
        return LoopLatency.summary(onEachLoop(ChurnLane::joinLatency));
    }

    LatencySummary leaveLatency() {
        return LoopLatency.summary(onEachLoop(ChurnLane::leaveLatency));
    }

    /** Stops the sweeps. */
    @Override
    public void close() {
        lanes.forEach(ChurnLane::stopSweeping);
    }

    private <T> List<T> onEachLoop(Function<ChurnLane, T> read) {
        List<T> values = new ArrayList<>(lanes.size());
        for (ChurnLane lane : lanes) {
            try {
                values.add(
                        lane.loop().submit(() -> read.apply(lane)).get(READ_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS));
            } catch (InterruptedException ex) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted reading the churn's counters", ex);
            } catch (ExecutionException | TimeoutException ex) {
                throw new IllegalStateException("churn counters not readable on " + lane.loop(), ex);
            }
        }
        return values;
    }
}
