package io.chorus.infra;

import io.chorus.infra.process.JavaRuntime;
import io.chorus.infra.process.OrphanReaper;
import io.chorus.infra.process.ServerProcess;
import io.chorus.infra.process.ServerStartupException;
import io.chorus.infra.server.CassandraServer;
import io.chorus.infra.server.KafkaServer;
import io.chorus.infra.server.LocalServer;
import io.chorus.infra.server.RedisServer;
import io.chorus.infra.server.ServerClasspath;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Starts Chorus' local Redis, Kafka and Cassandra in parallel, waits until all three are ready, then creates the
 * topics and applies the schema. With {@link LocalInfraSettings#reuseRunning()} a server that already answers on its
 * port is used as it is.
 */
public final class LocalInfra {

    private static final Logger log = LoggerFactory.getLogger(LocalInfra.class);

    private LocalInfra() {}

    public static RunningInfra start(LocalInfraSettings settings) {
        return start(settings, Store.all());
    }

    /**
     * Starts only the servers of {@code stores} (and provisions only them: topics for Kafka, the schema for
     * Cassandra). The endpoints of the other stores are those of {@code settings}, with no server behind them.
     */
    public static RunningInfra start(LocalInfraSettings settings, Set<Store> stores) {
        long startedAt = System.nanoTime();
        List<LocalServer> servers = servers(settings, stores);
        List<String> reused = new ArrayList<>();
        Map<LocalServer, CompletableFuture<ServerProcess>> starting = new LinkedHashMap<>();
        ExecutorService executor = Executors.newFixedThreadPool(Math.max(1, servers.size()), runnable -> {
            Thread thread = new Thread(runnable, "chorus-infra-start");
            thread.setDaemon(true);
            return thread;
        });
        try {
            List<LocalServer> toStart = new ArrayList<>();
            for (LocalServer server : servers) {
                if (settings.reuseRunning() && server.isAnswering()) {
                    log.info("server reused: server={} port={}", server.name(), server.port());
                    reused.add(server.name());
                } else {
                    toStart.add(server);
                }
            }
            checkPrerequisites(toStart);
            for (LocalServer server : toStart) {
                starting.put(server, CompletableFuture.supplyAsync(() -> server.start(settings.detached()), executor));
            }
            List<ServerProcess> started = awaitAll(starting, settings);
            OrphanReaper reaper = settings.detached()
                    ? null
                    : OrphanReaper.forCurrentJvm(
                            started.stream().map(ServerProcess::pid).toList());
            RunningInfra infra = new RunningInfra(settings.endpoints(), started, reused, reaper, settings.stopGrace());
            provision(infra, stores);
            log.info(
                    "infrastructure ready: stores={} redis={} kafka={} cassandra={} started={} reused={} took={}ms",
                    stores,
                    settings.redisPort(),
                    settings.kafkaPort(),
                    settings.cassandraPort(),
                    started.size(),
                    reused.size(),
                    (System.nanoTime() - startedAt) / 1_000_000);
            return infra;
        } finally {
            executor.shutdown();
        }
    }

    private static List<LocalServer> servers(LocalInfraSettings settings, Set<Store> stores) {
        Path root = settings.repositoryRoot();
        Path dataDir = settings.dataDir();
        List<LocalServer> servers = new ArrayList<>(3);
        if (stores.contains(Store.REDIS)) {
            servers.add(new RedisServer(dataDir.resolve("redis"), settings.redisPort()));
        }
        if (stores.contains(Store.KAFKA)) {
            servers.add(new KafkaServer(
                    dataDir.resolve("kafka"),
                    settings.kafkaPort(),
                    settings.kafkaControllerPort(),
                    ServerClasspath.of(root, "kafka", "kafka-server"),
                    JavaRuntime.current()));
        }
        if (stores.contains(Store.CASSANDRA)) {
            servers.add(new CassandraServer(
                    dataDir.resolve("cassandra"),
                    settings.cassandraPort(),
                    settings.cassandraStoragePort(),
                    ServerClasspath.of(root, "cassandra", "cassandra-server"),
                    JavaRuntime::java17));
        }
        return servers;
    }

    /** Reports every missing prerequisite at once, before anything is forked. */
    private static void checkPrerequisites(List<LocalServer> servers) {
        List<String> missing = new ArrayList<>();
        for (LocalServer server : servers) {
            try {
                server.checkPrerequisites();
            } catch (ServerStartupException e) {
                missing.add(server.name() + ": " + e.getMessage());
            }
        }
        if (!missing.isEmpty()) {
            throw new ServerStartupException("cannot start the local servers:\n" + String.join("\n", missing));
        }
    }

    /** Waits for every start; when one fails, stops the others and reports every failure. */
    private static List<ServerProcess> awaitAll(
            Map<LocalServer, CompletableFuture<ServerProcess>> starting, LocalInfraSettings settings) {
        List<ServerProcess> started = new ArrayList<>();
        List<String> failures = new ArrayList<>();
        RuntimeException firstFailure = null;
        for (Map.Entry<LocalServer, CompletableFuture<ServerProcess>> entry : starting.entrySet()) {
            try {
                started.add(entry.getValue().join());
            } catch (CompletionException e) {
                RuntimeException cause = e.getCause() instanceof RuntimeException r ? r : e;
                firstFailure = firstFailure == null ? cause : firstFailure;
                failures.add(entry.getKey().name() + ": " + cause.getMessage());
            }
        }
        if (!failures.isEmpty()) {
            RunningInfra.stopAll(started, settings.stopGrace());
            throw new ServerStartupException(
                    "local infrastructure did not start:\n" + String.join("\n", failures), firstFailure);
        }
        return started;
    }

    private static void provision(RunningInfra infra, Set<Store> stores) {
        try {
            InfraProvisioning.provision(infra.endpoints(), stores);
        } catch (RuntimeException e) {
            infra.close();
            throw new ServerStartupException("servers started, but creating topics or the schema failed: " + e, e);
        }
    }
}
