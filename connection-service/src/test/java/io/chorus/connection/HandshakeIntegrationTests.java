package io.chorus.connection;

import static org.assertj.core.api.Assertions.assertThat;

import io.chorus.connection.support.Cluster;
import io.chorus.connection.support.RawSocket;
import io.chorus.connection.support.TestSocket;
import io.chorus.test.TestTokens;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.zip.Inflater;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.http.HttpHeaders;
import org.springframework.test.web.reactive.server.WebTestClient;

/** The handshake: 401 before any upgrade without a valid token; header or query token; deflate offered. */
class HandshakeIntegrationTests {

    private static Cluster cluster;

    @BeforeAll
    static void start() {
        cluster = Cluster.get();
    }

    @Test
    void missingExpiredAndForgedTokensGet401AndNoUpgrade() throws Exception {
        int port = cluster.a.port();
        assertThat(RawSocket.upgradeResponse(port, "")).startsWith("HTTP/1.1 401");
        assertThat(RawSocket.upgradeResponse(port, "?access_token=" + TestTokens.expired("h-u1")))
                .startsWith("HTTP/1.1 401");
        assertThat(RawSocket.upgradeResponse(port, "?access_token=" + TestTokens.forged("h-u1")))
                .startsWith("HTTP/1.1 401");
        assertThat(RawSocket.upgradeResponse(port, "", "Authorization: Bearer " + TestTokens.forged("h-u1")))
                .startsWith("HTTP/1.1 401");
        assertThat(RawSocket.upgradeResponse(port, "?access_token=not-a-jwt")).startsWith("HTTP/1.1 401");
    }

    @Test
    void aValidTokenUpgradesFromTheQueryOrTheHeader() throws Exception {
        int port = cluster.a.port();
        assertThat(RawSocket.upgradeResponse(port, "?access_token=" + TestTokens.user("h-u2") + "&device=phone"))
                .startsWith("HTTP/1.1 101");
        try (RawSocket socket = RawSocket.connect(port, TestTokens.user("h-u2"), 65536)) {
            socket.sendText("{\"type\":\"ping\",\"id\":\"p\"}");
            assertThat(socket.read().text()).isEqualTo("{\"type\":\"pong\",\"id\":\"p\"}");
        }
    }

    /**
     * The first frame a client sends right after the 101 is served, every time. It used to be lost now and
     * then when the upgrade ran off the channel's event loop (the frame reached the channel before the
     * WebSocket operations were bound to it); a loaded machine showed it in about one connection of five.
     */
    @Test
    void theFirstFrameAfterTheUpgradeIsServedEveryTime() throws Exception {
        int port = cluster.a.port();
        for (int i = 0; i < 100; i++) {
            try (RawSocket socket = RawSocket.connect(port, TestTokens.user("h-first-" + i), 65536)) {
                socket.sendText("{\"type\":\"ping\",\"id\":\"p" + i + "\"}");
                assertThat(socket.read().text()).isEqualTo("{\"type\":\"pong\",\"id\":\"p" + i + "\"}");
            }
        }
    }

    @Test
    void permessageDeflateIsOfferedAndOptional() throws Exception {
        String response = RawSocket.upgradeResponse(
                cluster.b.port(),
                "?access_token=" + TestTokens.user("h-u3"),
                "Sec-WebSocket-Extensions: permessage-deflate; client_max_window_bits");
        assertThat(response).startsWith("HTTP/1.1 101").containsIgnoringCase("permessage-deflate");

        String room = "deflate-" + UUID.randomUUID();
        try (TestSocket compressed = TestSocket.connectCompressed(cluster.b.port(), TestTokens.user("h-u3"));
                TestSocket plain = TestSocket.connect(cluster.b.port(), TestTokens.user("h-u4"))) {
            compressed.join(room);
            plain.join(room);
            cluster.publishToRoom(room, FanoutIntegrationTests.batch(room, "m-1", "low"));
            assertThat(compressed.next("room.batch").toString()).contains("m-1");
            assertThat(plain.next("room.batch").toString()).contains("m-1");
        }
    }

    /**
     * permessage-deflate is always answered with server_no_context_takeover, and a room frame reaches a
     * deflate connection compressed (RSV1) as a message that inflates on its own, with a fresh inflater:
     * the same compressed bytes serve every deflate connection. Replies are compressed the same way.
     */
    @Test
    void roomFramesReachDeflateConnectionsCompressedOnceWithoutContext() throws Exception {
        String room = "deflate-once-" + UUID.randomUUID();
        String offer = "Sec-WebSocket-Extensions: permessage-deflate; client_max_window_bits\r\n";
        try (RawSocket first = RawSocket.connect(cluster.a.port(), TestTokens.user("h-z1"), 65536, offer);
                RawSocket second = RawSocket.connect(cluster.a.port(), TestTokens.user("h-z2"), 65536, offer)) {
            assertThat(first.handshake()).containsIgnoringCase("server_no_context_takeover");
            for (RawSocket socket : List.of(first, second)) {
                socket.sendText("{\"type\":\"join\",\"id\":\"j\",\"room\":\"" + room + "\"}");
                RawSocket.Frame joined = socket.read();
                assertThat(joined.rsv1()).isTrue();
                assertThat(inflate(joined.payload())).contains("\"type\":\"joined\"");
            }
            for (int i = 0; i < 3; i++) {
                String batch = FanoutIntegrationTests.batch(room, "z-" + i, "low");
                cluster.publishToRoom(room, batch);
                byte[] seen = null;
                for (RawSocket socket : List.of(first, second)) {
                    RawSocket.Frame frame = socket.read();
                    assertThat(frame.rsv1()).isTrue();
                    assertThat(inflate(frame.payload())).isEqualTo(batch);
                    if (seen != null) {
                        assertThat(frame.payload()).isEqualTo(seen); // the same compressed bytes
                    }
                    seen = frame.payload();
                }
            }
        }
    }

    private static String inflate(byte[] message) throws Exception {
        Inflater inflater = new Inflater(true);
        byte[] input = java.util.Arrays.copyOf(message, message.length + 4);
        input[message.length + 2] = (byte) 0xff;
        input[message.length + 3] = (byte) 0xff;
        inflater.setInput(input);
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
        byte[] buffer = new byte[8192];
        while (!inflater.needsInput()) {
            int n = inflater.inflate(buffer);
            out.write(buffer, 0, n);
        }
        inflater.end();
        return out.toString(java.nio.charset.StandardCharsets.UTF_8);
    }

    @Test
    void adminEndpointsListRoomsLargestFirstAndNeedTheAdminRole() {
        String big = "admin-big-" + UUID.randomUUID();
        String small = "admin-small-" + UUID.randomUUID();
        try (TestSocket v1 = TestSocket.connect(cluster.a.port(), TestTokens.user("adm-1"));
                TestSocket v2 = TestSocket.connect(cluster.a.port(), TestTokens.user("adm-2"))) {
            v1.join(big);
            v2.join(big);
            v2.join(small);
            WebTestClient web = WebTestClient.bindToServer()
                    .baseUrl("http://127.0.0.1:" + cluster.a.port())
                    .responseTimeout(Duration.ofSeconds(10))
                    .build();

            web.get()
                    .uri("/actuator/rooms?limit=1000")
                    .header(HttpHeaders.AUTHORIZATION, "Bearer " + TestTokens.user("ops", "admin"))
                    .exchange()
                    .expectStatus()
                    .isOk()
                    .expectBody(String.class)
                    .value(body -> assertThat(body.indexOf(big)).isPositive().isLessThan(body.indexOf(small)));
            web.get()
                    .uri("/actuator/connections")
                    .header(HttpHeaders.AUTHORIZATION, "Bearer " + TestTokens.user("ops", "admin"))
                    .exchange()
                    .expectStatus()
                    .isOk()
                    .expectBody()
                    .jsonPath("$.instanceId")
                    .isEqualTo("cs-a")
                    .jsonPath("$.accepting")
                    .isEqualTo(true);
            web.get()
                    .uri("/actuator/circuitbreakers")
                    .header(HttpHeaders.AUTHORIZATION, "Bearer " + TestTokens.user("ops", "admin"))
                    .exchange()
                    .expectStatus()
                    .isOk()
                    .expectBody()
                    .jsonPath("$.circuitBreakers['room-service'].state")
                    .exists()
                    .jsonPath("$.circuitBreakers['gift-service'].state")
                    .exists()
                    .jsonPath("$.circuitBreakers['presence-service'].state")
                    .exists();
            web.get()
                    .uri("/actuator/bulkheads")
                    .header(HttpHeaders.AUTHORIZATION, "Bearer " + TestTokens.user("ops", "admin"))
                    .exchange()
                    .expectStatus()
                    .isOk()
                    .expectBody(String.class)
                    .value(body -> assertThat(body).contains("fanout-backlog"));
            web.get()
                    .uri("/actuator/rooms")
                    .header(HttpHeaders.AUTHORIZATION, "Bearer " + TestTokens.user("viewer"))
                    .exchange()
                    .expectStatus()
                    .isForbidden();
            web.get()
                    .uri("/actuator/prometheus")
                    .exchange()
                    .expectStatus()
                    .isOk()
                    .expectBody(String.class)
                    .value(body -> assertThat(body)
                            .contains("chat_connection_connections")
                            .contains("chat_connection_joins_total")
                            .contains("chat_connection_rooms_idle")
                            .contains("chat_connection_frames_out_total"));
        }
    }
}
