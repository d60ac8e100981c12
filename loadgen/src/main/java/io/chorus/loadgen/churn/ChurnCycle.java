package io.chorus.loadgen.churn;

import io.chorus.client.ChorusClient;
import io.chorus.client.ConnectionState;
import io.chorus.loadgen.measure.FailureCounts;
import io.chorus.loadgen.measure.LatencyRecorder;
import java.time.Duration;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.LongAdder;
import reactor.core.publisher.Mono;

/**
 * The join → joined → (hold) → leave → left cycle of pooled connections: an idle connection takes a
 * random room, and goes back to the pool once it left. A connection that dropped leaves the pool.
 */
final class ChurnCycle {

    final LongAdder joins = new LongAdder();
    final LongAdder leaves = new LongAdder();
    final LongAdder exhausted = new LongAdder();
    final LatencyRecorder joinLatency = new LatencyRecorder();
    final LatencyRecorder leaveLatency = new LatencyRecorder();
    final FailureCounts failures = new FailureCounts();

    private final List<ChorusClient> clients;
    private final List<String> rooms;
    private final Duration hold;
    private final Queue<Integer> idle = new ConcurrentLinkedQueue<>();
    private final AtomicInteger busy = new AtomicInteger();

    ChurnCycle(List<ChorusClient> clients, List<String> rooms, Duration hold) {
        this.clients = clients;
        this.rooms = rooms;
        this.hold = hold;
        for (int i = 0; i < clients.size(); i++) {
            idle.add(i);
        }
    }

    /** Starts one cycle on an idle connection; counts it as exhausted when none is idle. */
    void start() {
        Integer index = idle.poll();
        if (index == null) {
            exhausted.increment();
            return;
        }
        busy.incrementAndGet();
        ChorusClient client = clients.get(index);
        String room = rooms.get(ThreadLocalRandom.current().nextInt(rooms.size()));
        long joinStart = System.nanoTime();
        client.join(room)
                .doOnNext(joined -> joined(joinStart))
                .then(hold.isZero() ? Mono.empty() : Mono.delay(hold).then())
                .then(Mono.defer(() -> leave(client, room)))
                .subscribe(null, error -> failed(index, error), () -> done(index));
    }

    private void joined(long joinStart) {
        joinLatency.recordNanos(System.nanoTime() - joinStart);
        joins.increment();
    }

    private Mono<Void> leave(ChorusClient client, String room) {
        long leaveStart = System.nanoTime();
        return client.leave(room).doOnSuccess(ignored -> {
            leaveLatency.recordNanos(System.nanoTime() - leaveStart);
            leaves.increment();
        });
    }

    private void done(int index) {
        busy.decrementAndGet();
        idle.add(index);
    }

    private void failed(int index, Throwable error) {
        failures.add(error);
        busy.decrementAndGet();
        if (clients.get(index).state() == ConnectionState.CONNECTED) {
            idle.add(index);
        }
    }

    /** Cycles in flight. */
    int busy() {
        return busy.get();
    }
}
