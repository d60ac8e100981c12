package io.chorus.test;

import io.chorus.infra.InfraEndpoints;
import io.chorus.infra.LocalInfra;
import io.chorus.infra.LocalInfraSettings;
import io.chorus.infra.RepositoryRoot;
import io.chorus.infra.RunningInfra;
import io.chorus.infra.Store;
import io.chorus.infra.process.Ports;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Local mode: fresh servers from the launcher on free ports, with data under the module's {@code target/chorus-infra}.
 * Each store's server starts the first time a test needs it, so a module whose tests only use Redis never starts
 * Kafka or Cassandra. A store's ports are chosen right before its server starts (a port chosen earlier could be
 * taken in between), and a start that fails is tried once more on other ports and in a fresh directory, so one
 * unlucky port never fails a module's tests. Run directories of earlier JVMs that are gone are deleted first; the
 * current one is kept for post-mortems.
 */
final class LocalServers implements RunningInfrastructure {

    private static final Logger log = LoggerFactory.getLogger(LocalServers.class);

    private static final int ATTEMPTS = 2;

    private final Path runDir;
    private LocalInfraSettings settings;
    private int retries;
    private final Set<Store> started = EnumSet.noneOf(Store.class);
    private final List<RunningInfra> running = new ArrayList<>();

    private LocalServers(LocalInfraSettings settings) {
        this.settings = settings;
        this.runDir = settings.dataDir();
    }

    /** The JVM's servers: data under {@code target/chorus-infra/run-<pid>}. */
    static LocalServers plan() {
        return plan("");
    }

    /** A further set of servers in this JVM, with data under {@code target/chorus-infra/run-<pid>-<name>}. */
    static LocalServers plan(String name) {
        Path root = RepositoryRoot.resolve();
        Path runs = Path.of(System.getProperty("user.dir"), "target", "chorus-infra");
        deleteRunsOfDeadJvms(runs);
        String run = "run-" + ProcessHandle.current().pid() + (name.isEmpty() ? "" : "-" + name);
        return new LocalServers(LocalInfraSettings.throwAway(root, runs.resolve(run)));
    }

    @Override
    public synchronized InfraEndpoints ensure(Set<Store> stores) {
        Set<Store> missing = EnumSet.noneOf(Store.class);
        missing.addAll(stores);
        missing.removeAll(started);
        if (!missing.isEmpty()) {
            running.add(start(missing));
            started.addAll(missing);
        }
        return settings.endpoints();
    }

    private RunningInfra start(Set<Store> stores) {
        RuntimeException firstFailure = null;
        for (int attempt = 1; ; attempt++) {
            Path dataDir = attempt == 1 ? runDir : runDir.resolve("retry-" + ++retries);
            settings = withFreshPorts(settings, stores).withDataDir(dataDir);
            try {
                return LocalInfra.start(settings, stores);
            } catch (RuntimeException e) {
                if (firstFailure != null) {
                    e.addSuppressed(firstFailure);
                }
                if (attempt >= ATTEMPTS) {
                    throw e;
                }
                firstFailure = e;
                log.warn(
                        "local servers did not start, trying once more on other ports: stores={} cause={}",
                        stores,
                        e.toString());
            }
        }
    }

    private static LocalInfraSettings withFreshPorts(LocalInfraSettings settings, Set<Store> stores) {
        return settings.withPorts(
                stores.contains(Store.REDIS) ? Ports.freePort() : settings.redisPort(),
                stores.contains(Store.KAFKA) ? Ports.freePort() : settings.kafkaPort(),
                stores.contains(Store.KAFKA) ? Ports.freePort() : settings.kafkaControllerPort(),
                stores.contains(Store.CASSANDRA) ? Ports.freePort() : settings.cassandraPort(),
                stores.contains(Store.CASSANDRA) ? Ports.freePort() : settings.cassandraStoragePort());
    }

    @Override
    public synchronized void close() {
        for (RunningInfra infra : running) {
            infra.close();
        }
        running.clear();
        started.clear();
    }

    private static void deleteRunsOfDeadJvms(Path runs) {
        if (!Files.isDirectory(runs)) {
            return;
        }
        try (Stream<Path> dirs = Files.list(runs)) {
            dirs.filter(dir -> dir.getFileName().toString().startsWith("run-"))
                    .filter(LocalServers::ownerIsGone)
                    .forEach(LocalServers::deleteRecursively);
        } catch (IOException e) {
            throw new UncheckedIOException("could not list " + runs, e);
        }
    }

    private static boolean ownerIsGone(Path runDir) {
        try {
            String run = runDir.getFileName().toString().substring("run-".length());
            int end = run.indexOf('-');
            long pid = Long.parseLong(end < 0 ? run : run.substring(0, end));
            return ProcessHandle.of(pid).map(handle -> !handle.isAlive()).orElse(true);
        } catch (NumberFormatException e) {
            return true;
        }
    }

    private static void deleteRecursively(Path dir) {
        try (Stream<Path> files = Files.walk(dir)) {
            files.sorted(Comparator.reverseOrder())
                    .forEach(file -> file.toFile().delete());
        } catch (IOException e) {
            // a leftover directory costs disk space, not correctness
        }
    }
}
