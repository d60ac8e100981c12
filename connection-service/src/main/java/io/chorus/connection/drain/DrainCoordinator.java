package io.chorus.connection.drain;

import io.chorus.connection.config.ConnectionProperties;
import io.chorus.connection.session.Connection;
import io.chorus.connection.session.ConnectionRegistry;
import io.chorus.protocol.CloseCode;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * Graceful drain. On shutdown (this lifecycle stops before the web server's graceful shutdown) or on an
 * admin's request: new upgrades get 503, and every open connection is closed with 1001 (going away:
 * reconnect at once, elsewhere) in batches of {@code batchSize}, spread over at most {@code time}, so the
 * clients do not all reconnect in the same instant.
 */
public final class DrainCoordinator implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(DrainCoordinator.class);

    /** Where the instance is in its life. */
    public enum State {
        SERVING,
        DRAINING,
        DRAINED
    }

    /**
     * What an admin sees.
     *
     * @param state serving, draining or drained
     * @param startedAt when the drain started, or {@code null}
     * @param total connections open when the drain started
     * @param closed connections closed by the drain so far
     * @param remaining connections still open
     */
    public record Status(State state, Instant startedAt, int total, int closed, int remaining) {}

    private final ConnectionRegistry registry;
    private final ConnectionProperties.Drain drain;
    private final Duration closeGrace;
    private final AtomicInteger closed = new AtomicInteger();
    private volatile State state = State.SERVING;
    private volatile Instant startedAt;
    private volatile int total;
    private volatile boolean running;
    private Mono<Void> draining;

    public DrainCoordinator(ConnectionRegistry registry, ConnectionProperties properties) {
        this.registry = registry;
        this.drain = properties.drain();
        this.closeGrace = properties.heartbeat().closeGrace();
    }

    public Status status() {
        return new Status(state, startedAt, total, closed.get(), registry.size());
    }

    /** Starts the drain (once); the Mono completes when it is done. */
    public synchronized Mono<Void> drain() {
        if (draining == null) {
            registry.stopAccepting();
            state = State.DRAINING;
            startedAt = Instant.now();
            List<Connection> connections = registry.all();
            total = connections.size();
            log.info("drain started: connections={} batchSize={} time={}", total, drain.batchSize(), drain.time());
            draining = closeInBatches(connections)
                    .then(Mono.delay(closeGrace))
                    .then()
                    .doFinally(signal -> finished())
                    .cache();
            draining.subscribe();
        }
        return draining;
    }

    private Mono<Void> closeInBatches(List<Connection> connections) {
        int batches = Math.max(1, (connections.size() + drain.batchSize() - 1) / drain.batchSize());
        Duration interval = drain.time().dividedBy(batches);
        return Flux.interval(Duration.ZERO, interval.isZero() ? Duration.ofMillis(1) : interval)
                .take(batches)
                .doOnNext(batch -> closeBatch(connections, batch.intValue()))
                .then();
    }

    private void closeBatch(List<Connection> connections, int batch) {
        int from = batch * drain.batchSize();
        int to = Math.min(connections.size(), from + drain.batchSize());
        for (Connection connection : connections.subList(from, to)) {
            connection.close(CloseCode.GOING_AWAY, "instance draining: reconnect");
            closed.incrementAndGet();
        }
    }

    private void finished() {
        state = State.DRAINED;
        log.info("drain finished: closed={} remaining={}", closed.get(), registry.size());
    }

    @Override
    public void start() {
        running = true;
    }

    @Override
    public void stop() {
        running = false;
    }

    @Override
    public void stop(Runnable callback) {
        drain().doFinally(signal -> {
                    running = false;
                    callback.run();
                })
                .subscribe();
    }

    @Override
    public boolean isRunning() {
        return running;
    }

    @Override
    public int getPhase() {
        return DEFAULT_PHASE;
    }
}
