package io.chorus.infra.process;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import org.junit.jupiter.api.Test;

class PortsTests {

    @Test
    void aChosenPortIsBelowTheEphemeralRangeAndCanBeBound() throws IOException {
        int port = Ports.freePort();

        assertThat(port).isBetween(10_000, Ports.ephemeralRangeStart() - 1);
        try (ServerSocket socket = new ServerSocket()) {
            socket.bind(new InetSocketAddress(InetAddress.getByName(Ports.LOOPBACK), port));
            assertThat(socket.getLocalPort()).isEqualTo(port);
        }
    }

    @Test
    void outboundConnectionsNeverTakeAChosenPort() throws IOException {
        int ephemeralStart = Ports.ephemeralRangeStart();
        try (ServerSocket server = new ServerSocket(0, 50, InetAddress.getByName(Ports.LOOPBACK))) {
            for (int i = 0; i < 20; i++) {
                try (Socket client = new Socket(Ports.LOOPBACK, server.getLocalPort())) {
                    assertThat(client.getLocalPort()).isGreaterThanOrEqualTo(ephemeralStart);
                }
            }
        }
        assertThat(Ports.freePort()).isLessThan(ephemeralStart);
    }

    @Test
    void aTakenPortIsNeverChosen() throws IOException {
        try (ServerSocket taken = new ServerSocket()) {
            taken.bind(new InetSocketAddress(InetAddress.getByName(Ports.LOOPBACK), Ports.freePort()));
            for (int i = 0; i < 200; i++) {
                assertThat(Ports.freePort()).isNotEqualTo(taken.getLocalPort());
            }
        }
    }
}
