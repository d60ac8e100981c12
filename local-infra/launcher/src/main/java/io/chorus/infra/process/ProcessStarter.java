package io.chorus.infra.process;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Starts a server as an operating-system process whose console goes to a file. A detached process gets a session of
 * its own ({@code setsid}), so it outlives the launcher and ignores the terminal's Ctrl-C; an attached one shares the
 * launcher's process group and dies with it.
 */
public final class ProcessStarter {

    private static final Logger log = LoggerFactory.getLogger(ProcessStarter.class);

    private static final Path SETSID = Path.of("/usr/bin/setsid");

    private static final List<Process> STARTED = new CopyOnWriteArrayList<>();

    private ProcessStarter() {}

    /** Every process this JVM started that is still alive: what an interrupted start must clean up. */
    public static List<Process> aliveProcesses() {
        STARTED.removeIf(process -> !process.isAlive());
        return List.copyOf(STARTED);
    }

    public static Process start(String name, List<String> command, Path workDir, Path consoleLog, boolean detached) {
        List<String> fullCommand = new ArrayList<>();
        if (detached) {
            if (Files.isExecutable(SETSID)) {
                fullCommand.add(SETSID.toString());
            } else {
                log.warn("setsid not found, the server stays in the launcher's process group: server={}", name);
            }
        }
        fullCommand.addAll(command);
        try {
            Files.createDirectories(workDir);
            Files.createDirectories(consoleLog.getParent());
            Process process = new ProcessBuilder(fullCommand)
                    .directory(workDir.toFile())
                    .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
                    .redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(consoleLog.toFile()))
                    .start();
            STARTED.add(process);
            log.debug("process started: server={} pid={} command={}", name, process.pid(), fullCommand);
            return process;
        } catch (IOException e) {
            throw new ServerStartupException(
                    "could not start " + name + " (" + command.get(0) + "): " + e.getMessage(), e);
        }
    }
}
