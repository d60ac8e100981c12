package io.chorus.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import io.chorus.e2e.support.Chorus;
import io.chorus.e2e.support.Chorus.Service;
import io.chorus.e2e.support.DumpLogsOnFailure;
import io.chorus.e2e.support.Jwt;
import io.chorus.e2e.support.Rest;
import io.chorus.e2e.support.ServiceProcess;
import io.chorus.e2e.support.Sockets;
import io.chorus.e2e.support.WsClient;
import io.chorus.infra.process.Ports;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import tools.jackson.databind.JsonNode;

/**
 * Issue 6: the gateway as the public door, end to end. A WebSocket through the gateway joins, chats and receives;
 * a downstream killed with SIGKILL answers 503 problem+json within the route timeout while the gateway keeps serving
 * the other routes and the open sockets.
 */
@ExtendWith(DumpLogsOnFailure.class)
class GatewayEndToEndIntegrationTests {

    /** The gateway's per-attempt response timeout ({@code httpclient.response-timeout}, 5 s) and connect timeout. */
    private static final Duration ROUTE_TIMEOUT = Duration.ofSeconds(5).plusMillis(1000);

    private static ServiceProcess gateway;
    private static ServiceProcess presenceVictim;

    @BeforeAll
    static void startGateway() {
        // a presence-service instance only the gateway's presence route uses, so killing it harms no other test
        presenceVictim = Chorus.startExtra("presence-service", List.of());
        Chorus.require(Service.ROOM, Service.PRESENCE, Service.GIFT, Service.CONNECTION_A);
        presenceVictim.awaitHealthy(Duration.ofSeconds(240));
        gateway = Chorus.startExtra(
                "api-gateway",
                List.of(
                        "--chorus.gateway.rate-limit.replenish-rate=200",
                        "--chorus.gateway.rate-limit.burst-capacity=400",
                        instance("connection-service", Chorus.get(Service.CONNECTION_A)),
                        instance("room-service", Chorus.room()),
                        instance("gift-service", Chorus.gift()),
                        instance("presence-service", presenceVictim),
                        "--spring.cloud.discovery.client.simple.instances.group-service[0].uri=http://127.0.0.1:"
                                + Ports.freePort()));
        gateway.awaitHealthy(Duration.ofSeconds(240));
    }

    @AfterAll
    static void stopGateway() {
        if (gateway != null) {
            gateway.stop();
        }
        if (presenceVictim != null) {
            presenceVictim.stop();
        }
    }

    @Test
    void aWebSocketThroughTheGatewayJoinsChatsAndReceivesAndAKilledDownstreamIsA503() throws Exception {
        String run = UUID.randomUUID().toString().substring(0, 8);
        String streamer = "gw-streamer-" + run;
        String room = Sockets.createRoom("gw-" + run, streamer);
        ServiceProcess direct = Chorus.get(Service.CONNECTION_A);

        WsClient sender = viaGateway("gw-sender-" + run);
        WsClient viewer = viaGateway("gw-viewer-" + run);
        WsClient directViewer =
                WsClient.connect("direct-" + run, direct.webSocketUri(Jwt.user("direct-viewer-" + run)));
        try {
            for (WsClient socket : List.of(sender, viewer, directViewer)) {
                JsonNode joined = socket.join(room, Duration.ofSeconds(20));
                assertThat(joined.path("room").asString()).isEqualTo(room);
            }
            String msgId = chat(sender, room, "hello through the gateway");
            for (WsClient socket : List.of(sender, viewer, directViewer)) {
                awaitMessage(socket, msgId);
            }

            // REST through the gateway, before the kill
            String token = Jwt.user("gw-rest-" + run);
            assertThat(Rest.get(gateway.baseUrl() + "/api/presence/someone", token)
                            .status())
                    .isEqualTo(200);
            assertThat(Rest.get(gateway.baseUrl() + "/api/rooms/" + room, token).status())
                    .isEqualTo(200);

            presenceVictim.kill9();
            List<Long> answeredInMillis = new ArrayList<>();
            for (int i = 0; i < 3; i++) {
                Rest.Answer get = Rest.get(gateway.baseUrl() + "/api/presence/someone", token);
                assertUnavailable(get);
                Rest.Answer post =
                        Rest.post(gateway.baseUrl() + "/api/presence/query", token, "{\"users\":[\"someone\"]}");
                assertUnavailable(post);
                answeredInMillis.add(get.millis());
                answeredInMillis.add(post.millis());
            }
            System.out.printf(
                    "gateway e2e: 503 for a killed downstream (GET, POST) answered in %s ms%n", answeredInMillis);

            // the gateway keeps serving the other routes and the open sockets, and takes new sockets
            Rest.Answer roomAnswer = Rest.get(gateway.baseUrl() + "/api/rooms/" + room, token);
            assertThat(roomAnswer.status()).as("%s", roomAnswer).isEqualTo(200);
            assertThat(roomAnswer.json().path("id").asString()).isEqualTo(room);
            assertThat(Rest.get(gateway.baseUrl() + "/api/gifts/catalog", token).status())
                    .isEqualTo(200);
            String after = chat(sender, room, "still here");
            awaitMessage(viewer, after);
            awaitMessage(directViewer, after);
            try (WsClient late = viaGateway("gw-late-" + run)) {
                late.join(room, Duration.ofSeconds(20));
                String fromLate = chat(late, room, "joined after the kill");
                awaitMessage(viewer, fromLate);
                awaitMessage(late, fromLate);
            }
        } finally {
            sender.close();
            viewer.close();
            directViewer.close();
        }
    }

    /**
     * Route, then connect: the gateway answers {@code GET /api/connect} with the instance and a short-lived ticket; the
     * client opens its WebSocket to that instance directly with the ticket alone, joins, chats under its own identity
     * and receives what a socket through the gateway sends. The ticket is no access token for REST.
     */
    @Test
    void routeThenConnectOpensTheNamedInstanceWithATicketAndChats() throws Exception {
        String run = UUID.randomUUID().toString().substring(0, 8);
        String user = "rtc-" + run;
        String room = Sockets.createRoom("rtc-" + run, "rtc-streamer-" + run);
        ServiceProcess instance = Chorus.get(Service.CONNECTION_A);

        Rest.Answer connect = Rest.get(gateway.baseUrl() + "/api/connect", Jwt.user(user));
        assertThat(connect.status()).as("%s", connect).isEqualTo(200);
        String url = connect.json().path("url").asString();
        String ticket = connect.json().path("ticket").asString();
        assertThat(URI.create(url).getPort()).isEqualTo(instance.port());
        assertThat(ticket).isNotBlank();
        assertThat(Rest.get(gateway.baseUrl() + "/api/rooms/" + room, ticket).status())
                .as("a ticket is not an access token")
                .isEqualTo(401);

        try (WsClient routed = WsClient.connect(user, URI.create(url + "?ticket=" + ticket));
                WsClient proxied = viaGateway("rtc-proxied-" + run)) {
            routed.join(room, Duration.ofSeconds(20));
            proxied.join(room, Duration.ofSeconds(20));
            String fromRouted = chat(routed, room, "routed, then connected");
            JsonNode delivered = awaitMessage(proxied, fromRouted)
                    .json()
                    .path("msgs")
                    .valueStream()
                    .filter(m -> m.path("msgId").asString().equals(fromRouted))
                    .findFirst()
                    .orElseThrow();
            assertThat(delivered.toString()).contains(user);
            String fromProxied = chat(proxied, room, "through the gateway");
            awaitMessage(routed, fromProxied);
        }
        Rest.Answer noToken = Rest.get(gateway.baseUrl() + "/api/connect", null);
        assertThat(noToken.status()).as("%s", noToken).isEqualTo(401);
    }

    /**
     * Not a benchmark: the same room's messages arrive at sockets through the gateway and at sockets connected to the
     * connection-service instance directly; prints how much later they arrive through the gateway (the proxy hop).
     */
    @Test
    void fanOutThroughTheGatewayArrivesAboutAsSoonAsDirect() throws Exception {
        String run = UUID.randomUUID().toString().substring(0, 8);
        String streamer = "fan-streamer-" + run;
        String room = Sockets.createRoom("fan-" + run, streamer);
        ServiceProcess direct = Chorus.get(Service.CONNECTION_A);
        List<WsClient> viaGateway = new ArrayList<>();
        List<WsClient> directly = new ArrayList<>();
        WsClient speaker = WsClient.connect("speaker", direct.webSocketUri(Jwt.user(streamer, "streamer")));
        try {
            for (int i = 0; i < 20; i++) {
                WsClient socket = viaGateway("fan-gw-" + run + "-" + i);
                socket.join(room, Duration.ofSeconds(20));
                viaGateway.add(socket);
                WsClient straight =
                        WsClient.connect("fan-direct-" + i, direct.webSocketUri(Jwt.user("fan-direct-" + run + i)));
                straight.join(room, Duration.ofSeconds(20));
                directly.add(straight);
            }
            speaker.join(room, Duration.ofSeconds(20));
            List<Long> extraMicros = new ArrayList<>();
            for (int n = 0; n < 30; n++) {
                String msgId = chat(speaker, room, "fan-out " + n);
                List<Long> gw = new ArrayList<>();
                List<Long> dr = new ArrayList<>();
                for (WsClient socket : viaGateway) {
                    gw.add(awaitMessage(socket, msgId).nanos());
                }
                for (WsClient socket : directly) {
                    dr.add(awaitMessage(socket, msgId).nanos());
                }
                Collections.sort(gw);
                Collections.sort(dr);
                extraMicros.add((gw.get(gw.size() / 2) - dr.get(dr.size() / 2)) / 1000);
                Thread.sleep(150); // within the streamer's rate limit
            }
            Collections.sort(extraMicros);
            System.out.printf(
                    "gateway e2e: 30 high-priority messages to 20 sockets through the gateway and 20 direct: median"
                            + " arrival through the gateway later by p50 %.2f ms, p90 %.2f ms (load average %s)%n",
                    extraMicros.get(extraMicros.size() / 2) / 1000.0,
                    extraMicros.get(extraMicros.size() * 9 / 10) / 1000.0,
                    loadAverage());
            assertThat(extraMicros).hasSize(30);
        } finally {
            speaker.close();
            viaGateway.forEach(WsClient::close);
            directly.forEach(WsClient::close);
        }
    }

    private static String instance(String service, ServiceProcess process) {
        return "--spring.cloud.discovery.client.simple.instances." + service + "[0].uri=" + process.baseUrl();
    }

    private static WsClient viaGateway(String user) {
        return WsClient.connect(
                user, URI.create("ws://127.0.0.1:" + gateway.port() + "/ws?access_token=" + Jwt.user(user)));
    }

    private static String chat(WsClient sender, String room, String text) {
        JsonNode ack = sender.awaitReply(sender.send("chat", "room", room, "text", text), Duration.ofSeconds(20));
        assertThat(ack.path("type").asString()).as("%s", ack).isEqualTo("ack");
        assertThat(ack.path("shed").asBoolean()).isFalse();
        return ack.path("msgId").asString();
    }

    private static WsClient.Frame awaitMessage(WsClient socket, String msgId) {
        return socket.await(
                frame -> frame.type().equals("room.batch")
                        && frame.json().path("msgs").valueStream().anyMatch(m -> m.path("msgId")
                                .asString()
                                .equals(msgId)),
                Duration.ofSeconds(20),
                "message " + msgId);
    }

    private static void assertUnavailable(Rest.Answer answer) {
        assertThat(answer.status()).as("%s", answer).isEqualTo(503);
        assertThat(answer.contentType()).startsWith("application/problem+json");
        assertThat(answer.json().path("code").asString()).isEqualTo("unavailable");
        assertThat(answer.millis()).as("%s", answer).isLessThanOrEqualTo(ROUTE_TIMEOUT.toMillis());
    }

    private static String loadAverage() {
        try {
            return Files.readString(Path.of("/proc/loadavg")).trim();
        } catch (IOException e) {
            return "unknown";
        }
    }
}
