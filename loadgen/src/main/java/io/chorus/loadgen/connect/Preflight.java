package io.chorus.loadgen.connect;

import io.chorus.loadgen.measure.ProcessCpu;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** Warnings about limits that would fail a run for reasons unrelated to the server. */
public final class Preflight {

    private Preflight() {}

    public static List<String> check(int connections, SourceAddresses sources) {
        List<String> warnings = new ArrayList<>();
        long fds = new ProcessCpu().maxFileDescriptors();
        if (fds > 0 && fds < connections + 1_000L) {
            warnings.add("open file limit " + fds + " < connections + 1000: raise it (ulimit -n 1048576)");
        }
        int ports = ephemeralPorts();
        if (ports > 0 && connections > (long) ports * sources.size()) {
            warnings.add(connections + " connections need more than " + sources.size() + " source address(es) x "
                    + ports + " ephemeral ports: add --sources 127.0.0.1-" + (1 + connections / ports)
                    + " or widen net.ipv4.ip_local_port_range");
        }
        return warnings;
    }

    /** Size of the ephemeral port range, or -1 when unknown. */
    static int ephemeralPorts() {
        try {
            String[] range = Files.readString(Path.of("/proc/sys/net/ipv4/ip_local_port_range"))
                    .trim()
                    .split("\\s+");
            return Integer.parseInt(range[1]) - Integer.parseInt(range[0]) + 1;
        } catch (IOException | RuntimeException ex) {
            return -1;
        }
    }
}
