package io.chorus.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.chorus.protocol.ServerFrame;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoop;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import reactor.netty.resources.LoopResources;
import reactor.test.StepVerifier;

class TransportTests {

    private static final Duration WAIT = Duration.ofSeconds(5);

    @Test
    void compressionOffersPermessageDeflateAndFramesStillFlow() {
        try (ScriptedServer server = ScriptedServer.startWithCompression()) {
            ChorusClient client = ChorusClient.builder(server.uri())
                    .token("t")
                    .compression(true)
                    .build();
            client.connect().block(WAIT);

            ServerFrame.Joined joined = client.join("lobby").block(WAIT);

            assertThat(joined.room()).isEqualTo("lobby");
            assertThat(server.latest().extensions).contains("permessage-deflate");
            client.close().block(WAIT);
        }
    }

    @Test
    void withoutCompressionNoExtensionIsOffered() {
        try (ScriptedServer server = ScriptedServer.startWithCompression()) {
            ChorusClient client = ChorusClient.builder(server.uri()).token("t").build();
            client.connect().block(WAIT);

            assertThat(server.latest().extensions).isNull();
            client.close().block(WAIT);
        }
    }

    @Test
    void nagleIsOffForSharedAndDedicatedResources() {
        LoopResources loops = LoopResources.create("nodelay-test", 1, true);
        try {
            for (ClientResources resources : List.of(ClientResources.shared(), ClientResources.create(loops))) {
                Object plain = resources.httpClient().configuration().options().get(ChannelOption.TCP_NODELAY);
                Object withTimeout = resources
                        .withConnectTimeout(WAIT)
                        .httpClient()
                        .configuration()
                        .options()
                        .get(ChannelOption.TCP_NODELAY);
                assertThat(plain).isEqualTo(Boolean.TRUE);
                assertThat(withTimeout).isEqualTo(Boolean.TRUE);
            }
        } finally {
            loops.disposeLater().block(WAIT);
        }
    }

    @Test
    void bindAddressChoosesTheSourceAddress() {
        try (ScriptedServer server = ScriptedServer.start()) {
            ChorusClient client = ChorusClient.builder(server.uri())
                    .token("t")
                    .bindAddress("127.0.0.2")
                    .build();
            client.connect().block(WAIT);

            assertThat(server.latest().remote.getAddress().getHostAddress()).isEqualTo("127.0.0.2");
            client.close().block(WAIT);
        }
    }

    @Test
    void routeThenConnectAsksTheGatewayThenOpensTheNamedSocketWithTheTicket() {
        try (ScriptedServer server = ScriptedServer.start()) {
            ChorusClient client = ChorusClient.builder(server.uri())
                    .token("user-token")
                    .device("phone")
                    .routeThenConnect(true)
                    .build();
            client.connect().block(WAIT);

            assertThat(server.connectCalls()).containsExactly("Bearer user-token");
            assertThat(server.latest().param("ticket")).isEqualTo("ticket-of-user-token");
            assertThat(server.latest().param("shard")).isEqualTo("7");
            assertThat(server.latest().param("device")).isEqualTo("phone");
            assertThat(server.latest().param("access_token")).isNull();
            assertThat(server.latest().authorization).isNull();
            client.close().block(WAIT);
        }
    }

    @Test
    void aRefusedConnectCallFailsConnectWithItsStatus() {
        try (ScriptedServer server = ScriptedServer.start()) {
            server.connectStatus(401);
            ChorusClient client = ChorusClient.builder(server.uri())
                    .token("expired")
                    .routeThenConnect(true)
                    .build();
            assertThatThrownBy(() -> client.connect().block(WAIT))
                    .isInstanceOf(ChorusConnectionException.class)
                    .satisfies(error -> assertThat(((ChorusConnectionException) error).status())
                            .isEqualTo(401));
            assertThat(server.handshakes()).isZero();
            client.close().block(WAIT);
        }
    }

    @Test
    void authorizationHeaderCarriesTheTokenInsteadOfTheQuery() {
        try (ScriptedServer server = ScriptedServer.start()) {
            ChorusClient client = ChorusClient.builder(server.uri())
                    .token("secret-token")
                    .authorizationHeader(true)
                    .build();
            client.connect().block(WAIT);

            assertThat(server.latest().authorization).isEqualTo("Bearer secret-token");
            assertThat(server.latest().param("access_token")).isNull();
            client.close().block(WAIT);
        }
    }

    @Test
    void refusedUpgradeFailsConnectWithTheHttpStatus() {
        try (ScriptedServer server = ScriptedServer.start()) {
            server.refuseHandshakes(attempt -> true, 401);
            ChorusClient client =
                    ChorusClient.builder(server.uri()).token("expired").build();

            StepVerifier.create(client.connect())
                    .expectErrorSatisfies(error -> {
                        assertThat(error).isInstanceOf(ChorusConnectionException.class);
                        assertThat(((ChorusConnectionException) error).isUnauthorized())
                                .isTrue();
                    })
                    .verify(WAIT);
            assertThat(client.state()).isEqualTo(ConnectionState.CLOSED);
        }
    }

    @Test
    void rawFrameListenerConsumesFramesBeforeDecodingWhileRepliesStillWork() {
        try (ScriptedServer server = ScriptedServer.start()) {
            List<String> raw = new CopyOnWriteArrayList<>();
            List<Long> receivedAt = new CopyOnWriteArrayList<>();
            List<ServerFrame> pushed = new CopyOnWriteArrayList<>();
            long before = System.nanoTime();
            ChorusClient client = ChorusClient.builder(server.uri())
                    .token("t")
                    .rawFrames((text, nanos) -> {
                        receivedAt.add(nanos);
                        if (text.contains("\"room.batch\"")) {
                            raw.add(text);
                            return true;
                        }
                        return false;
                    })
                    .build();
            client.frames().subscribe(pushed::add);
            client.connect().block(WAIT);
            client.join("lobby").block(WAIT);

            server.latest().send("{\"type\":\"room.batch\",\"room\":\"lobby\",\"msgs\":[]}");
            server.latest().send("{\"type\":\"room.closed\",\"room\":\"lobby\"}");

            Eventually.await("room.closed pushed", () -> !pushed.isEmpty());
            assertThat(raw).containsExactly("{\"type\":\"room.batch\",\"room\":\"lobby\",\"msgs\":[]}");
            assertThat(pushed).containsExactly(new ServerFrame.RoomClosed("lobby"));
            assertThat(receivedAt).hasSize(3).allSatisfy(nanos -> assertThat(nanos)
                    .isGreaterThan(before));
            assertThat(client.stats().framesReceived()).isEqualTo(3);
            client.close().block(WAIT);
        }
    }

    @Test
    void sendRawWritesTheTextAsIsOnTheEventLoopThatReadsTheReplies() throws Exception {
        try (ScriptedServer server = ScriptedServer.start()) {
            List<String> raw = new CopyOnWriteArrayList<>();
            List<Boolean> onLoop = new CopyOnWriteArrayList<>();
            AtomicReference<ChorusClient> self = new AtomicReference<>();
            ChorusClient client = ChorusClient.builder(server.uri())
                    .token("t")
                    .rawFrames((text, nanos) -> {
                        raw.add(text);
                        onLoop.add(self.get().eventLoop().inEventLoop());
                        return true;
                    })
                    .build();
            self.set(client);
            assertThat(client.eventLoop()).isNull();
            assertThat(client.sendRaw("{\"type\":\"ping\",\"id\":\"early\"}")).isFalse();
            client.connect().block(WAIT);

            EventLoop loop = client.eventLoop();
            assertThat(loop).isNotNull();
            boolean sentOnLoop = loop.submit(
                            () -> client.sendRaw("{\"type\":\"join\",\"id\":\"c-1\",\"room\":\"lobby\"}"))
                    .get(5, TimeUnit.SECONDS);
            boolean sentOffLoop = client.sendRaw("{\"type\":\"leave\",\"id\":\"c-2\",\"room\":\"lobby\"}");

            assertThat(sentOnLoop).isTrue();
            assertThat(sentOffLoop).isTrue();
            Eventually.await("joined and left", () -> raw.size() == 2);
            assertThat(raw.get(0)).startsWith("{\"type\":\"joined\",\"id\":\"c-1\"");
            assertThat(raw.get(1)).isEqualTo("{\"type\":\"left\",\"id\":\"c-2\",\"room\":\"lobby\"}");
            assertThat(onLoop).containsExactly(true, true);
            assertThat(server.latest().received("join")).singleElement().satisfies(join -> {
                assertThat(join.path("id").asString()).isEqualTo("c-1");
                assertThat(join.path("room").asString()).isEqualTo("lobby");
            });
            assertThat(client.rooms()).as("raw joins are not tracked").isEmpty();

            client.close().block(WAIT);
            assertThat(client.sendRaw("{\"type\":\"ping\"}")).isFalse();
            assertThat(client.eventLoop()).isNull();
        }
    }

    @Test
    void unknownFrameTypesAreSkipped() {
        try (ScriptedServer server = ScriptedServer.start()) {
            List<ServerFrame> pushed = new CopyOnWriteArrayList<>();
            ChorusClient client = ChorusClient.builder(server.uri()).token("t").build();
            client.frames().subscribe(pushed::add);
            client.connect().block(WAIT);

            server.latest().send("{\"type\":\"from.the.future\",\"x\":1}");
            server.latest().send("not json");
            server.latest().send("{\"type\":\"typing\",\"conv\":\"g:1\",\"user\":\"u2\",\"extra\":true}");

            Eventually.await("typing pushed", () -> !pushed.isEmpty());
            assertThat(pushed).containsExactly(new ServerFrame.Typing("g:1", "u2"));
            client.close().block(WAIT);
        }
    }

    @Test
    void manyClientsShareDedicatedEventLoops() {
        LoopResources loops = LoopResources.create("chorus-test", 1, true);
        ClientResources resources = ClientResources.create(loops);
        try (ScriptedServer server = ScriptedServer.start()) {
            List<ChorusClient> clients = new CopyOnWriteArrayList<>();
            for (int i = 0; i < 50; i++) {
                ChorusClient client = ChorusClient.builder(server.uri())
                        .token("t" + i)
                        .resources(resources)
                        .build();
                client.connect().block(WAIT);
                clients.add(client);
            }

            Eventually.await("50 server sessions", () -> server.sessions().size() == 50);
            for (ChorusClient client : clients) {
                assertThat(client.chat("lobby", "x").block(WAIT).msgId()).isEqualTo("m-x");
                client.close().block(WAIT);
            }
        } finally {
            loops.disposeLater(Duration.ZERO, WAIT).block(Duration.ofSeconds(10));
        }
    }
}
