package io.chorus.loadgen.churn;

import io.chorus.loadgen.measure.FailureCounts;
import io.chorus.loadgen.measure.LoopLatency;
import io.netty.util.concurrent.EventExecutor;
import io.netty.util.concurrent.ScheduledFuture;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.HdrHistogram.Histogram;

/**
 * The churn of the connections of ONE event loop, run on that loop only: its idle pool (first in, first
 * out, so every connection takes its turn), the cycles it starts when the pacer hands it a count, the
 * replies, a timeout sweep once per second, counters and latency histograms. Nothing here is shared with
 * another thread except {@link #offer}, so the hot path has no lock, no atomic and no timer per request.
 */
final class ChurnLane {

    /** Counters of a lane (or of all lanes), read on the loop. */
    record Stats(long joins, long leaves, long exhausted, long inFlight, long dead) {

        static final Stats ZERO = new Stats(0, 0, 0, 0, 0);

        Stats plus(Stats other) {
            return new Stats(
                    joins + other.joins,
                    leaves + other.leaves,
                    exhausted + other.exhausted,
                    inFlight + other.inFlight,
                    dead + other.dead);
        }
    }

    private final EventExecutor loop;
    private final ChurnFrames frames;
    private final long holdNanos;
    private final long timeoutNanos;
    private final FailureCounts failures;
    private final ArrayDeque<ChurnConnection> idle = new ArrayDeque<>();
    private final List<ChurnConnection> members = new ArrayList<>();
    private final AtomicLong due = new AtomicLong();
    private final Runnable drain = this::drain;
    private final SplittableRandom random = new SplittableRandom();
    private final LoopLatency joinLatency = new LoopLatency();
    private final LoopLatency leaveLatency = new LoopLatency();
    private long joins;
    private long leaves;
    private long exhausted;
    private long inFlight;
    private long dead;
    private ScheduledFuture<?> sweeper;

    ChurnLane(EventExecutor loop, ChurnFrames frames, Duration hold, Duration timeout, FailureCounts failures) {
        this.loop = loop;
        this.frames = frames;
        this.holdNanos = hold.toNanos();
        this.timeoutNanos = timeout.toNanos();
        this.failures = failures;
    }

    EventExecutor loop() {
        return loop;
    }

    /** Adds an idle connection; before {@link #startSweeping()} only (the hand-over to the loop publishes it). */
    void add(ChurnConnection connection, ChurnConnection.Link link) {
        connection.bind(link, this);
        members.add(connection);
        idle.addLast(connection);
    }

    /** The timeout sweep, once per second on the loop. */
    void startSweeping() {
        sweeper = loop.scheduleAtFixedRate(() -> sweep(System.nanoTime()), 1, 1, TimeUnit.SECONDS);
    }

    void stopSweeping() {
        if (sweeper != null) {
            sweeper.cancel(false);
        }
    }

    /** From any thread: {@code count} more cycles to start; one task per batch reaches the loop. */
    void offer(long count) {
        if (count > 0 && due.getAndAdd(count) == 0) {
            loop.execute(drain);
        }
    }

    private void drain() {
        long count = due.getAndSet(0);
        for (long i = 0; i < count; i++) {
            startOne();
        }
    }

    /** Starts a cycle on the first idle connection; a dropped one leaves the pool and the next is tried. */
    void startOne() {
        ChurnConnection connection;
        while ((connection = idle.pollFirst()) != null) {
            if (join(connection) || connection.phase != ChurnConnection.DEAD) {
                return;
            }
        }
        exhausted++;
    }

    private boolean join(ChurnConnection connection) {
        connection.seq++;
        connection.room = random.nextInt(frames.rooms());
        connection.phase = ChurnConnection.JOINING;
        inFlight++;
        connection.sentNanos = System.nanoTime();
        if (connection.link.send(frames.join(connection.seq, connection.room))) {
            return true;
        }
        sendFailed(connection);
        return false;
    }

    private void leave(ChurnConnection connection) {
        connection.seq++;
        connection.phase = ChurnConnection.LEAVING;
        connection.sentNanos = System.nanoTime();
        if (!connection.link.send(frames.leave(connection.seq, connection.room))) {
            sendFailed(connection);
        }
    }

    /** A churn reply ({@link ChurnFrames#JOINED}, {@code LEFT}, {@code ERROR}) read on the loop. */
    void reply(ChurnConnection connection, int kind, String text, long receivedNanos) {
        if (ChurnFrames.seq(text, kind) != connection.seq) {
            return; // not the request in flight: it timed out before
        }
        switch (kind) {
            case ChurnFrames.JOINED -> {
                if (connection.phase != ChurnConnection.JOINING) {
                    return;
                }
                joinLatency.recordNanos(receivedNanos - connection.sentNanos);
                joins++;
                if (holdNanos == 0) {
                    leave(connection);
                } else {
                    connection.phase = ChurnConnection.HOLDING;
                    loop.schedule(() -> leave(connection), holdNanos, TimeUnit.NANOSECONDS);
                }
            }
            case ChurnFrames.LEFT -> {
                if (connection.phase != ChurnConnection.LEAVING) {
                    return;
                }
                leaveLatency.recordNanos(receivedNanos - connection.sentNanos);
                leaves++;
                done(connection);
            }
            case ChurnFrames.ERROR -> {
                if (connection.phase != ChurnConnection.JOINING && connection.phase != ChurnConnection.LEAVING) {
                    return;
                }
                failures.add(ChurnFrames.errorCode(text));
                done(connection);
            }
            default -> throw new IllegalArgumentException("not a churn reply: " + kind);
        }
    }

    /** Cycles waiting longer than the request timeout fail ({@code timeout:join}, {@code timeout:leave}). */
    void sweep(long nowNanos) {
        for (ChurnConnection connection : members) {
            byte phase = connection.phase;
            if ((phase == ChurnConnection.JOINING || phase == ChurnConnection.LEAVING)
                    && nowNanos - connection.sentNanos > timeoutNanos) {
                failures.add(phase == ChurnConnection.JOINING ? "timeout:join" : "timeout:leave");
                connection.phase = ChurnConnection.DEAD;
                inFlight--;
                dead++;
            }
        }
    }

    private void done(ChurnConnection connection) {
        connection.phase = ChurnConnection.IDLE;
        inFlight--;
        idle.addLast(connection);
    }

    private void sendFailed(ChurnConnection connection) {
        inFlight--;
        if (connection.link.connected()) {
            failures.add("outbound buffer full");
            connection.phase = ChurnConnection.IDLE;
            idle.addLast(connection);
        } else {
            failures.add("not connected");
            connection.phase = ChurnConnection.DEAD;
            dead++;
        }
    }

    /**
     * On the loop: forgets the counts and latencies so far (after a warm-up); cycles in flight stay in flight
     * and are counted when they complete.
     */
    Void reset() {
        joins = 0;
        leaves = 0;
        exhausted = 0;
        joinLatency.reset();
        leaveLatency.reset();
        return null;
    }

    /** On the loop. */
    Stats stats() {
        return new Stats(joins, leaves, exhausted, inFlight, dead);
    }

    /** On the loop. */
    Histogram joinLatency() {
        return joinLatency.copy();
    }

    /** On the loop. */
    Histogram leaveLatency() {
        return leaveLatency.copy();
    }

    /** On the loop. */
    int idle() {
        return idle.size();
    }
}
