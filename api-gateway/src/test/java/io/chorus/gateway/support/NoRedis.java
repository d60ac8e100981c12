package io.chorus.gateway.support;

import io.micrometer.core.instrument.MeterRegistry;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/** Redis as the gateway sees it when it is gone: a port nothing listens on, or a server that never answers. */
public final class NoRedis {

    private NoRedis() {}

    /** A port nothing listens on: a stopped Redis. */
    public static int stoppedPort() {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The count of requests without a rate-limit decision, by outcome ({@code allowed}, {@code refused}). */
    public static double undecided(MeterRegistry meters, String outcome) {
        return meters.get("chorus.gateway.ratelimit.undecided")
                .tag("outcome", outcome)
                .counter()
                .count();
    }

    /** Accepts connections and holds them without reading or writing: an unreachable Redis. */
    public static final class BlackHole implements AutoCloseable {

        private final ServerSocket server;
        private final List<Socket> held = new CopyOnWriteArrayList<>();

        public BlackHole() {
            try {
                server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            Thread acceptor = new Thread(
                    () -> {
                        while (!server.isClosed()) {
                            try {
                                held.add(server.accept());
                            } catch (IOException closed) {
                                return;
                            }
                        }
                    },
                    "redis-black-hole");
            acceptor.setDaemon(true);
            acceptor.start();
        }

        public int port() {
            return server.getLocalPort();
        }

        @Override
        public void close() {
            try {
                server.close();
                for (Socket socket : held) {
                    socket.close();
                }
            } catch (IOException ignored) {
                // closing anyway
            }
        }
    }
}
