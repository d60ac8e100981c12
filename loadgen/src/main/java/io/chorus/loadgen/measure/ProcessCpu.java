package io.chorus.loadgen.measure;

import java.lang.management.ManagementFactory;

/**
 * The load generator's own CPU use between two readings, in cores: a load generator pegged at its
 * cores measures itself, not the server.
 */
public final class ProcessCpu {

    private final com.sun.management.OperatingSystemMXBean os =
            (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
    private long lastCpuNanos = os.getProcessCpuTime();
    private long lastWallNanos = System.nanoTime();

    /** Cores used since the previous call (1.0 = one core busy all the time). */
    public synchronized double coresSinceLast() {
        long cpu = os.getProcessCpuTime();
        long wall = System.nanoTime();
        double cores = wall == lastWallNanos ? 0 : (double) (cpu - lastCpuNanos) / (wall - lastWallNanos);
        lastCpuNanos = cpu;
        lastWallNanos = wall;
        return Math.round(cores * 100) / 100.0;
    }

    /** File descriptors this process may open, or -1 when unknown. */
    public long maxFileDescriptors() {
        if (os instanceof com.sun.management.UnixOperatingSystemMXBean unix) {
            return unix.getMaxFileDescriptorCount();
        }
        return -1;
    }
}
