package io.chorus.loadgen.measure;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** Resident set size of a process on this machine, from {@code /proc/<pid>/status}. */
public final class ProcessMemory {

    private ProcessMemory() {}

    /** VmRSS in KiB, or -1 when the process or the file is not there. */
    public static long rssKib(long pid) {
        try {
            for (String line : Files.readAllLines(Path.of("/proc", Long.toString(pid), "status"))) {
                if (line.startsWith("VmRSS:")) {
                    return Long.parseLong(line.replaceAll("[^0-9]", ""));
                }
            }
        } catch (IOException | RuntimeException ex) {
            return -1;
        }
        return -1;
    }
}
