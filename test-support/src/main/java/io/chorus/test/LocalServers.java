package io.chorus.test;

import io.chorus.infra.InfraEndpoints;
import io.chorus.infra.LocalInfra;
import io.chorus.infra.LocalInfraSettings;
import io.chorus.infra.RepositoryRoot;
import io.chorus.infra.RunningInfra;
import io.chorus.infra.Store;
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

/**
 * Local mode: fresh servers from the launcher on free ports, with data under the module's {@code target/chorus-infra}.
 * Ports are chosen once per JVM; each store's server starts the first time a test needs it, so a module whose tests
 * only use Redis never starts Kafka or Cassandra. Run directories of earlier JVMs that are gone are deleted first; the
 * current one is kept for post-mortems.
 */
final class LocalServers implements RunningInfrastructure {

    private final LocalInfraSettings settings;
    private final Set<Store> started = EnumSet.noneOf(Store.class);
    private final List<RunningInfra> running = new ArrayList<>();

    private LocalServers(LocalInfraSettings settings) {
        this.settings = settings;
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
            running.add(LocalInfra.start(settings, missing));
            started.addAll(missing);
        }
        return settings.endpoints();
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
