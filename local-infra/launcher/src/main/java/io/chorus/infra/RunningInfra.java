package io.chorus.infra;

import io.chorus.infra.process.OrphanReaper;
import io.chorus.infra.process.Ports;
import io.chorus.infra.process.ServerProcess;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Redis, Kafka and Cassandra as {@link LocalInfra} left them: the endpoints, the servers this launcher started and
 * the ones it reused. Closing stops only the started ones, in parallel, and waits until their ports are free.
 */
public final class RunningInfra implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(RunningInfra.class);

    private static final Duration PORTS_FREE_TIMEOUT = Duration.ofSeconds(30);

    private final InfraEndpoints endpoints;
    private final List<ServerProcess> started;
    private final List<String> reused;
    private final OrphanReaper reaper;
    private final Duration stopGrace;
    private boolean closed;

    RunningInfra(
            InfraEndpoints endpoints,
            List<ServerProcess> started,
            List<String> reused,
            OrphanReaper reaper,
            Duration stopGrace) {
        this.endpoints = endpoints;
        this.started = List.copyOf(started);
        this.reused = List.copyOf(reused);
        this.reaper = reaper;
        this.stopGrace = stopGrace;
    }

    public InfraEndpoints endpoints() {
        return endpoints;
    }

    /** The servers this launcher started (and will stop). */
    public List<ServerProcess> started() {
        return started;
    }

    /** Names of the servers that were answering already and were reused. */
    public List<String> reused() {
        return reused;
    }

    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        if (reaper != null) {
            reaper.close();
        }
        stopAll(started, stopGrace);
    }

    /** Stops servers in parallel, then waits until none of their ports answers. */
    public static void stopAll(List<ServerProcess> servers, Duration grace) {
        List<CompletableFuture<Void>> stops = new ArrayList<>();
        for (ServerProcess server : servers) {
            stops.add(CompletableFuture.runAsync(
                    () -> server.stop(grace), runnable -> new Thread(runnable, "stop-" + server.name()).start()));
        }
        CompletableFuture.allOf(stops.toArray(CompletableFuture[]::new)).join();
        List<Integer> ports = servers.stream().flatMap(s -> s.ports().stream()).toList();
        if (!Ports.awaitClosed(Ports.LOOPBACK, ports, PORTS_FREE_TIMEOUT)) {
            log.warn("ports still taken after the servers stopped: ports={}", ports);
        }
    }
}
