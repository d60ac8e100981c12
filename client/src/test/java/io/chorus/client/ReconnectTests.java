package io.chorus.client;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Mono;
import tools.jackson.databind.JsonNode;

class ReconnectTests {

    private static final Duration WAIT = Duration.ofSeconds(5);
    private static final Backoff FAST =
            Backoff.exponential(Duration.ofMillis(20), Duration.ofMillis(200)).withSoonWindow(Duration.ofMillis(50));

    private ScriptedServer server;
    private ChorusClient client;

    @BeforeEach
    void start() {
        server = ScriptedServer.start();
    }

    @AfterEach
    void stop() {
        if (client != null) {
            client.close().block(WAIT);
        }
        server.close();
    }

    @Test
    void goingAwayReconnectsSoonAndRejoinsTheJoinedRooms() {
        client = ChorusClient.builder(server.uri()).token("t").reconnect(FAST).build();
        List<ConnectionState> states = new CopyOnWriteArrayList<>();
        client.states().subscribe(states::add);
        client.connect().block(WAIT);
        client.join("a").block(WAIT);
        client.join("b").block(WAIT);
        client.join("c").block(WAIT);
        client.leave("c").block(WAIT);

        server.session(0).close(1001);

        Eventually.await(
                "rejoined a and b",
                () -> server.sessions().size() == 2
                        && server.session(1).received("join").size() == 2);
        assertThat(rooms(server.session(1).received("join"))).containsExactlyInAnyOrder("a", "b");
        assertThat(server.session(1).param("access_token")).isEqualTo("t");
        assertThat(server.session(0).clientCloseCode).isEqualTo(1001);
        assertThat(client.state()).isEqualTo(ConnectionState.CONNECTED);
        assertThat(client.rooms()).containsExactlyInAnyOrder("a", "b");
        assertThat(client.stats().reconnects()).isEqualTo(1);
        assertThat(states)
                .containsSubsequence(
                        ConnectionState.NEW,
                        ConnectionState.CONNECTING,
                        ConnectionState.CONNECTED,
                        ConnectionState.RECONNECTING,
                        ConnectionState.CONNECTED);
        assertThat(client.chat("a", "hello again").block(WAIT).msgId()).isEqualTo("m-hello again");
    }

    @Test
    void tokenExpiredAsksTheProviderForAFreshTokenAndReconnects() {
        AtomicInteger minted = new AtomicInteger();
        client = ChorusClient.builder(server.uri())
                .tokenProvider(() -> "token-" + minted.incrementAndGet())
                .reconnect(FAST)
                .build();
        client.connect().block(WAIT);
        assertThat(server.session(0).param("access_token")).isEqualTo("token-1");

        server.session(0).close(4001);

        Eventually.await("reconnected", () -> server.sessions().size() == 2);
        assertThat(server.session(1).param("access_token")).isEqualTo("token-2");
        assertThat(minted.get()).isEqualTo(2);
    }

    @Test
    void normalClosureDoesNotReconnect() {
        client = ChorusClient.builder(server.uri()).token("t").reconnect(FAST).build();
        client.connect().block(WAIT);
        client.join("a").block(WAIT);

        server.session(0).close(1000);

        Eventually.await("closed", () -> client.state() == ConnectionState.CLOSED);
        Mono.delay(Duration.ofMillis(300)).block();
        assertThat(server.handshakes()).isEqualTo(1);
        assertThat(client.rooms()).isEmpty();
    }

    @Test
    void tryAgainLaterBacksOffWhileTheServerRefusesThenRejoins() {
        client = ChorusClient.builder(server.uri()).token("t").reconnect(FAST).build();
        client.connect().block(WAIT);
        client.join("a").block(WAIT);
        server.refuseHandshakes(attempt -> attempt == 2 || attempt == 3, 503);

        long closedAt = System.nanoTime();
        server.session(0).close(1013);

        Eventually.await(
                "rejoined after refusals",
                () -> server.sessions().size() == 2
                        && server.session(1).received("join").size() == 1);
        assertThat(server.handshakes()).isEqualTo(4);
        // delays of attempts 1, 2, 3: at least 10, 20 and 40 ms with 50% jitter
        assertThat(Duration.ofNanos(System.nanoTime() - closedAt)).isGreaterThanOrEqualTo(Duration.ofMillis(70));
        assertThat(client.state()).isEqualTo(ConnectionState.CONNECTED);
    }

    @Test
    void policyViolationWaitsAtLeastThePolicyFloor() {
        client = ChorusClient.builder(server.uri())
                .token("t")
                .reconnect(FAST.withPolicyFloor(Duration.ofMillis(600)))
                .build();
        client.connect().block(WAIT);

        long closedAt = System.nanoTime();
        server.session(0).close(1008);

        Eventually.await("reconnected", () -> server.handshakes() == 2);
        assertThat(Duration.ofNanos(System.nanoTime() - closedAt)).isGreaterThanOrEqualTo(Duration.ofMillis(600));
    }

    @Test
    void reconnectRefusedWithUnauthorizedAndNoTokenProviderGivesUp() {
        client = ChorusClient.builder(server.uri()).token("t").reconnect(FAST).build();
        client.connect().block(WAIT);
        server.refuseHandshakes(attempt -> attempt > 1, 401);

        server.session(0).close(1001);

        Eventually.await("closed", () -> client.state() == ConnectionState.CLOSED);
        assertThat(server.handshakes()).isEqualTo(2);
    }

    @Test
    void unansweredHeartbeatDropsTheConnectionAndReconnects() {
        client = ChorusClient.builder(server.uri())
                .token("t")
                .heartbeat(Duration.ofMillis(100))
                .requestTimeout(Duration.ofSeconds(1))
                .reconnect(FAST)
                .build();
        client.connect().block(WAIT);
        Eventually.await(
                "first pings answered", () -> server.session(0).received("ping").size() >= 2);

        server.answerPings(false);

        Eventually.await("reconnected", () -> server.sessions().size() == 2);
        server.answerPings(true);
        Eventually.await("connected", () -> client.state() == ConnectionState.CONNECTED);
        assertThat(client.stats().reconnects()).isEqualTo(1);
    }

    @Test
    void closeSendsNormalClosureAndCompletesTheStreams() {
        client = ChorusClient.builder(server.uri()).token("t").reconnect(FAST).build();
        client.connect().block(WAIT);
        List<String> completed = new CopyOnWriteArrayList<>();
        client.frames().subscribe(frame -> {}, error -> {}, () -> completed.add("frames"));
        client.states().subscribe(state -> {}, error -> {}, () -> completed.add("states"));

        client.close().block(WAIT);

        Eventually.await("server saw the close", () -> server.session(0).clientCloseCode == 1000);
        assertThat(client.state()).isEqualTo(ConnectionState.CLOSED);
        assertThat(completed).containsExactlyInAnyOrder("frames", "states");
        Mono.delay(Duration.ofMillis(200)).block();
        assertThat(server.handshakes()).isEqualTo(1);
    }

    private static List<String> rooms(List<JsonNode> joins) {
        return joins.stream().map(join -> join.path("room").asString()).toList();
    }
}
