package io.chorus.e2e.support;

import io.chorus.infra.InfraEndpoints;
import io.chorus.infra.LocalInfra;
import io.chorus.infra.LocalInfraSettings;
import io.chorus.infra.RepositoryRoot;
import io.chorus.infra.RunningInfra;
import io.chorus.infra.process.JavaRuntime;
import io.chorus.infra.process.OrphanReaper;
import io.chorus.infra.process.Ports;
import io.chorus.infra.process.ServerProcess;
import io.chorus.infra.server.KafkaServer;
import io.chorus.infra.server.ServerClasspath;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Real Redis, Kafka and Cassandra for the e2e run, started once per JVM through the launcher (local servers on free
 * ports, topics and schema applied). The e2e tests own these servers rather than sharing the test-support fixture
 * because one test restarts the Kafka broker on its port, with its data, mid-stream ({@link #restartKafka}).
 */
public final class E2eInfra {

    private static final Logger log = LoggerFactory.getLogger(E2eInfra.class);

    private static E2eInfra instance;

    private final LocalInfraSettings settings;
    private final RunningInfra infra;
    private ServerProcess kafka;
    private OrphanReaper restartedKafkaReaper;
    private boolean closed;

    private E2eInfra(LocalInfraSettings settings, RunningInfra infra) {
        this.settings = settings;
        this.infra = infra;
        this.kafka = infra.started().stream()
                .filter(server -> server.name().equals("kafka"))
                .findFirst()
                .orElseThrow(() -> new IllegalStateException("the launcher did not start Kafka"));
    }

    public static synchronized E2eInfra get() {
        if (instance == null) {
            Path root = RepositoryRoot.resolve();
            Path runDir = Path.of(
                    System.getProperty("user.dir"),
                    "target",
                    "e2e-infra",
                    "run-" + ProcessHandle.current().pid());
            LocalInfraSettings settings = LocalInfraSettings.throwAway(root, runDir);
            long startedAt = System.nanoTime();
            instance = new E2eInfra(settings, LocalInfra.start(settings));
            log.info(
                    "e2e infrastructure ready in {} ms: {}",
                    (System.nanoTime() - startedAt) / 1_000_000,
                    instance.endpoints());
        }
        return instance;
    }

    public InfraEndpoints endpoints() {
        return infra.endpoints();
    }

    public int kafkaPort() {
        return settings.kafkaPort();
    }

    /** Stops the broker (SIGTERM, SIGKILL after the grace), and returns once its ports are free. */
    public synchronized void stopKafka() {
        kafka.stop(Duration.ofSeconds(5));
        Ports.awaitClosed(Ports.LOOPBACK, kafka.ports(), Duration.ofSeconds(30));
        log.info("kafka stopped: port={}", settings.kafkaPort());
    }

    /** Starts the broker again on the same ports with the same data (topics, offsets, cluster id survive). */
    public synchronized void startKafka() {
        KafkaServer server = new KafkaServer(
                settings.dataDir().resolve("kafka"),
                settings.kafkaPort(),
                settings.kafkaControllerPort(),
                ServerClasspath.of(settings.repositoryRoot(), "kafka", "kafka-server"),
                JavaRuntime.current());
        kafka = server.start(false);
        if (restartedKafkaReaper != null) {
            restartedKafkaReaper.close();
        }
        restartedKafkaReaper = OrphanReaper.forCurrentJvm(List.of(kafka.pid()));
        log.info("kafka started again: port={} pid={}", settings.kafkaPort(), kafka.pid());
    }

    /** Stops the servers if this JVM started them; called once every service is stopped. */
    static synchronized void closeIfStarted() {
        if (instance != null) {
            instance.close();
        }
    }

    private synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        if (restartedKafkaReaper != null) {
            restartedKafkaReaper.close();
        }
        if (!infra.started().contains(kafka)) {
            RunningInfra.stopAll(List.of(kafka), Duration.ofSeconds(3));
        }
        infra.close();
    }

    /** Server data of earlier runs whose JVM is gone; the current run's stays for post-mortems. */
    private static void deleteRunsOfDeadJvms(Path runs) {
        if (!Files.isDirectory(runs)) {
            return;
        }
        try (Stream<Path> dirs = Files.list(runs)) {
            for (Path dir : dirs.toList()) {
                String name = dir.getFileName().toString();
                boolean dead = name.startsWith("run-")
                        && ProcessHandle.of(parsePid(name.substring(4)))
                                .map(handle -> !handle.isAlive())
                                .orElse(true);
                if (dead) {
                    try (Stream<Path> files = Files.walk(dir)) {
                        files.sorted(Comparator.reverseOrder())
                                .forEach(file -> file.toFile().delete());
                    }
                }
            }
        } catch (IOException e) {
            log.warn("could not delete old e2e server data under {}: {}", runs, e.toString());
        }
    }

    private static long parsePid(String pid) {
        try {
            return Long.parseLong(pid);
        } catch (NumberFormatException e) {
            return -1;
        }
    }
}
