package io.chorus.infra.process;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * An operating-system process running one server, addressed by its pid. It may be a child of this JVM or a process
 * started earlier by another launcher (found through its pid file). Stopping sends SIGTERM, waits, then SIGKILL.
 */
public final class ServerProcess {

    private static final Logger log = LoggerFactory.getLogger(ServerProcess.class);

    private static final Duration KILL_WAIT = Duration.ofSeconds(10);

    private final String name;
    private final ProcessHandle handle;
    private final List<Integer> ports;

    public ServerProcess(String name, ProcessHandle handle, List<Integer> ports) {
        this.name = name;
        this.handle = handle;
        this.ports = List.copyOf(ports);
    }

    public String name() {
        return name;
    }

    public long pid() {
        return handle.pid();
    }

    /** Every port the server binds (client and internal ones), so a stop can wait until all are free. */
    public List<Integer> ports() {
        return ports;
    }

    public Optional<Instant> startInstant() {
        return handle.info().startInstant();
    }

    /** Alive and not a zombie: an orphaned server that exited may wait a while for init to reap it. */
    public boolean isAlive() {
        return handle.isAlive() && !isZombie();
    }

    private boolean isZombie() {
        try {
            String stat = Files.readString(Path.of("/proc", Long.toString(pid()), "stat"));
            int endOfName = stat.lastIndexOf(')');
            return endOfName > 0 && stat.length() > endOfName + 2 && stat.charAt(endOfName + 2) == 'Z';
        } catch (IOException | RuntimeException e) {
            return false;
        }
    }

    /**
     * Stops the process: SIGTERM, then SIGKILL when it has not exited within {@code grace}. Returns once the process
     * is gone. A process that already exited is fine.
     */
    public void stop(Duration grace) {
        if (!isAlive()) {
            return;
        }
        long startedAt = System.nanoTime();
        handle.destroy();
        if (!awaitExit(grace)) {
            log.info(
                    "server still running after the grace period, killing it: server={} pid={} grace={}",
                    name,
                    pid(),
                    grace);
            handle.destroyForcibly();
            if (!awaitExit(KILL_WAIT)) {
                throw new IllegalStateException("could not kill " + name + " (pid " + pid() + ")");
            }
        }
        log.info(
                "server stopped: server={} pid={} took={}ms",
                name,
                pid(),
                TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - startedAt));
    }

    /** Polls: a process that is not our child (found by pid file) has no cheap exit notification. */
    private boolean awaitExit(Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (isAlive()) {
            if (System.nanoTime() > deadline) {
                return false;
            }
            Sleep.millis(50);
        }
        return true;
    }

    @Override
    public String toString() {
        return name + "(pid " + pid() + ", ports " + ports + ")";
    }
}
