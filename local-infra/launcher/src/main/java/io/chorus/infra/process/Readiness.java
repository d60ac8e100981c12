package io.chorus.infra.process;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.function.BooleanSupplier;

/** Polls a readiness check until it passes, failing fast (with the log's tail) when the process dies first. */
public final class Readiness {

    private static final int TAIL_LINES = 25;

    private Readiness() {}

    public static void await(String name, Process process, Duration timeout, Path log, BooleanSupplier ready) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            if (!process.isAlive()) {
                throw new ServerStartupException(name + " exited with code " + process.exitValue()
                        + " while starting; last lines of " + log + ":\n" + tail(log));
            }
            if (ready.getAsBoolean()) {
                return;
            }
            if (System.nanoTime() > deadline) {
                process.destroyForcibly();
                throw new ServerStartupException(
                        name + " was not ready after " + timeout + "; last lines of " + log + ":\n" + tail(log));
            }
            Sleep.millis(50);
        }
    }

    /** The last lines of a log file, or a note that there is none. */
    public static String tail(Path log) {
        if (!Files.isRegularFile(log)) {
            return "(no log at " + log + ")";
        }
        try {
            List<String> lines = Files.readAllLines(log, StandardCharsets.UTF_8);
            return String.join("\n", lines.subList(Math.max(0, lines.size() - TAIL_LINES), lines.size()));
        } catch (IOException e) {
            return "(log unreadable: " + e.getMessage() + ")";
        }
    }
}
