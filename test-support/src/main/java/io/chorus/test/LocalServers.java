package io.chorus.test;

import io.chorus.infra.InfraEndpoints;
import io.chorus.infra.LocalInfra;
import io.chorus.infra.LocalInfraSettings;
import io.chorus.infra.RepositoryRoot;
import io.chorus.infra.RunningInfra;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;

/**
 * Local mode: fresh servers from the launcher on free ports, with data under the module's {@code target/chorus-infra}.
 * Run directories of earlier JVMs that are gone are deleted first; the current one is kept for post-mortems.
 */
final class LocalServers implements RunningInfrastructure {

    private final RunningInfra infra;

    private LocalServers(RunningInfra infra) {
        this.infra = infra;
    }

    static LocalServers start() {
        Path root = RepositoryRoot.resolve();
        Path runs = Path.of(System.getProperty("user.dir"), "target", "chorus-infra");
        deleteRunsOfDeadJvms(runs);
        Path runDir = runs.resolve("run-" + ProcessHandle.current().pid());
        return new LocalServers(LocalInfra.start(LocalInfraSettings.throwAway(root, runDir)));
    }

    @Override
    public InfraEndpoints endpoints() {
        return infra.endpoints();
    }

    @Override
    public void close() {
        infra.close();
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
            long pid = Long.parseLong(runDir.getFileName().toString().substring("run-".length()));
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
