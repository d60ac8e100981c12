package io.chorus.infra.process;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Collection;
import java.util.concurrent.ThreadLocalRandom;

/** TCP port checks on the loopback interface. */
public final class Ports {

    public static final String LOOPBACK = "127.0.0.1";

    private static final int CONNECT_TIMEOUT_MILLIS = 500;

    /** Above every well-known port a Chorus server or service uses in development (6379, 7000, 808x, 9042, 909x). */
    private static final int FIRST_CHOSEN_PORT = 10_000;

    private static final Path EPHEMERAL_RANGE = Path.of("/proc/sys/net/ipv4/ip_local_port_range");

    private Ports() {}

    /** True when something accepts TCP connections on the port. */
    public static boolean isOpen(String host, int port) {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress(host, port), CONNECT_TIMEOUT_MILLIS);
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    /**
     * A port that was free on loopback a moment ago (the usual race applies: bind it soon). It is taken below the
     * kernel's ephemeral range ({@code net.ipv4.ip_local_port_range}) when there is room there: a port handed out
     * by {@code bind(0)} comes from that range, so any outbound connection made before the server binds could take
     * it, while a port below the range is only ever taken by an explicit bind.
     */
    public static int freePort() {
        int below = ephemeralRangeStart();
        if (below - FIRST_CHOSEN_PORT >= 1_000) {
            for (int attempt = 0; attempt < 64; attempt++) {
                int port = ThreadLocalRandom.current().nextInt(FIRST_CHOSEN_PORT, below);
                if (canBind(port)) {
                    return port;
                }
            }
        }
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getByName(LOOPBACK))) {
            socket.setReuseAddress(true);
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException("no free port on loopback", e);
        }
    }

    private static boolean canBind(int port) {
        try (ServerSocket socket = new ServerSocket()) {
            socket.setReuseAddress(false);
            socket.bind(new InetSocketAddress(InetAddress.getByName(LOOPBACK), port), 1);
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    /** The first port of the kernel's ephemeral range (32768, Linux's default, when it cannot be read). */
    public static int ephemeralRangeStart() {
        try {
            // read line-wise: some kernels report a wrong size for /proc files, and Files.readString trusts it
            try (BufferedReader reader = Files.newBufferedReader(EPHEMERAL_RANGE)) {
                return Integer.parseInt(reader.readLine().trim().split("\\s+")[0]);
            }
        } catch (IOException | RuntimeException e) {
            return 32_768;
        }
    }

    /** Waits until no port of {@code ports} accepts connections; false when they are still taken at the deadline. */
    public static boolean awaitClosed(String host, Collection<Integer> ports, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (ports.stream().anyMatch(port -> isOpen(host, port))) {
            if (System.nanoTime() > deadline) {
                return false;
            }
            Sleep.millis(100);
        }
        return true;
    }
}
