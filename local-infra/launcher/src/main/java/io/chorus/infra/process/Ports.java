package io.chorus.infra.process;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.time.Duration;
import java.util.Collection;

/** TCP port checks on the loopback interface. */
public final class Ports {

    public static final String LOOPBACK = "127.0.0.1";

    private static final int CONNECT_TIMEOUT_MILLIS = 500;

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

    /** A port that was free on loopback a moment ago (the usual race applies: bind it soon). */
    public static int freePort() {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getByName(LOOPBACK))) {
            socket.setReuseAddress(true);
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException("no free port on loopback", e);
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
