package io.chorus.infra.process;

import java.io.File;
import java.io.IOException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A tiny shell watchdog that stops servers once the JVM that owns them is gone without stopping them (killed with
 * SIGKILL, a crashed test fork). A normal stop closes the reaper first, then stops the servers itself.
 */
public final class OrphanReaper implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(OrphanReaper.class);

    private static final String SCRIPT = "owner=$1; shift; "
            + "while kill -0 \"$owner\" 2>/dev/null; do sleep 1; done; "
            + "kill -TERM \"$@\" 2>/dev/null; sleep 5; kill -KILL \"$@\" 2>/dev/null; exit 0";

    private final Process watchdog;

    private OrphanReaper(Process watchdog) {
        this.watchdog = watchdog;
    }

    /** Watches this JVM on behalf of the given server pids. */
    public static OrphanReaper forCurrentJvm(Collection<Long> serverPids) {
        List<String> command = new ArrayList<>(List.of("/bin/sh", "-c", SCRIPT, "chorus-orphan-reaper"));
        command.add(Long.toString(ProcessHandle.current().pid()));
        serverPids.forEach(pid -> command.add(Long.toString(pid)));
        try {
            Process process = new ProcessBuilder(command)
                    .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
                    .redirectOutput(ProcessBuilder.Redirect.DISCARD)
                    .redirectErrorStream(true)
                    .start();
            return new OrphanReaper(process);
        } catch (IOException e) {
            log.warn("orphan reaper not started, servers may outlive a killed JVM: error={}", e.toString());
            return new OrphanReaper(null);
        }
    }

    @Override
    public void close() {
        if (watchdog != null) {
            watchdog.destroy();
        }
    }
}
