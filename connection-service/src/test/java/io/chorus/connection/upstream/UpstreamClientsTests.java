package io.chorus.connection.upstream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.chorus.connection.config.ConnectionProperties;
import io.chorus.connection.support.StubHttpServer;
import io.chorus.connection.support.StubHttpServer.Answer;
import io.chorus.protocol.ChatSubmitted;
import io.chorus.protocol.ErrorCode;
import io.chorus.protocol.Priority;
import io.chorus.protocol.RoomMessage;
import io.github.resilience4j.circuitbreaker.CircuitBreaker;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Flux;
import tools.jackson.databind.json.JsonMapper;

/** The internal clients against a real HTTP server: replies, problem codes, timeouts and the shared cache. */
class UpstreamClientsTests {

    private static final Duration TIMEOUT = Duration.ofSeconds(2); // generous: the build machine is shared
    private static final Duration OPEN_FOR = Duration.ofSeconds(1);
    private final JsonMapper mapper = JsonMapper.builder().build();
    private final StubHttpServer stub = new StubHttpServer();

    @BeforeEach
    void warmUp() {
        // the first call of a cold JVM loads the whole HTTP client stack: keep it out of the timeouts
        stub.answer("GET /internal/rooms/warm/viewers", Answer.json(200, "{\"room\":\"warm\",\"viewers\":1}"));
        new PresenceServiceClient(
                        UpstreamClients.webClient(stub.uri(), Duration.ofSeconds(10), "warm"),
                        unguarded("warm"),
                        mapper,
                        Duration.ofSeconds(10))
                .viewers("warm")
                .block(Duration.ofSeconds(10));
    }

    @AfterEach
    void close() {
        stub.close();
    }

    @Test
    void aSnapshotCombinesTheThreeServices() {
        stub.answer(
                        "GET /internal/rooms/r1/snapshot",
                        Answer.json(
                                200,
                                "{\"room\":\"r1\",\"state\":\"live\",\"recent\":[{\"msgId\":\"m1\",\"from\":\"u\","
                                        + "\"name\":\"U\",\"text\":\"hi\",\"ts\":5,\"prio\":\"low\"}]}"))
                .answer("GET /internal/rooms/r1/gift-seq", Answer.json(200, "{\"room\":\"r1\",\"lastSeq\":42}"))
                .answer("GET /internal/rooms/r1/viewers", Answer.json(200, "{\"room\":\"r1\",\"viewers\":1234}"));

        JoinSnapshot snapshot = snapshots(stub.uri()).get("r1").block(Duration.ofSeconds(5));

        assertThat(snapshot)
                .isEqualTo(new JoinSnapshot(
                        JoinSnapshot.State.LIVE,
                        List.of(new RoomMessage("m1", "u", "U", "hi", 5, Priority.LOW)),
                        42L,
                        1234L));
    }

    @Test
    void unknownAndClosedRoomsAreReported() {
        stub.answer(
                "GET /internal/rooms/gone/snapshot",
                Answer.json(200, "{\"room\":\"gone\",\"state\":\"closed\",\"recent\":[]}"));
        JoinSnapshots snapshots = snapshots(stub.uri());

        assertThat(snapshots.get("gone").block(Duration.ofSeconds(5)).state()).isEqualTo(JoinSnapshot.State.CLOSED);
        assertThat(snapshots.get("missing").block(Duration.ofSeconds(5)).state())
                .isEqualTo(JoinSnapshot.State.NOT_FOUND);
    }

    @Test
    void slowOrDeadServicesLeaveTheirPartUnknownWithinTheTimeout() {
        stub.answer(
                        "GET /internal/rooms/r1/snapshot",
                        Answer.json(200, "{\"room\":\"r1\",\"state\":\"live\",\"recent\":[]}")
                                .delayed(Duration.ofSeconds(8)))
                .answer("GET /internal/rooms/r1/gift-seq", Answer.json(500, "{}"));
        long started = System.nanoTime();

        JoinSnapshot snapshot = snapshots(stub.uri()).get("r1").block(Duration.ofSeconds(5));

        assertThat(Duration.ofNanos(System.nanoTime() - started)).isLessThan(Duration.ofSeconds(6));
        assertThat(snapshot).isEqualTo(new JoinSnapshot(JoinSnapshot.State.UNKNOWN, List.of(), null, null));

        JoinSnapshot nobody =
                snapshots(URI.create("http://127.0.0.1:1")).get("r1").block(Duration.ofSeconds(5));
        assertThat(nobody.state()).isEqualTo(JoinSnapshot.State.UNKNOWN);
    }

    @Test
    void concurrentJoinsOfARoomShareOneSetOfCalls() {
        stub.answer(
                "GET /internal/rooms/hot/snapshot",
                Answer.json(200, "{\"room\":\"hot\",\"state\":\"live\",\"recent\":[]}")
                        .delayed(Duration.ofMillis(100)));
        JoinSnapshots snapshots = snapshots(stub.uri());

        List<JoinSnapshot> all = Flux.range(0, 500)
                .flatMap(i -> snapshots.get("hot"))
                .collectList()
                .block(Duration.ofSeconds(10));

        assertThat(all).hasSize(500).allSatisfy(s -> assertThat(s.state()).isEqualTo(JoinSnapshot.State.LIVE));
        assertThat(stub.calls("GET /internal/rooms/hot/snapshot")).isEqualTo(1);
        assertThat(stub.calls("GET /internal/rooms/hot/viewers")).isEqualTo(1);
    }

    @Test
    void aJoinIsAnsweredFromTheCacheOnceTheSnapshotArrivedAndFromThePreviousOneWhileItReloads() {
        stub.answer(
                "GET /internal/rooms/r1/viewers",
                Answer.json(200, "{\"room\":\"r1\",\"viewers\":1}").delayed(Duration.ofMillis(300)));
        java.util.concurrent.atomic.AtomicLong now = new java.util.concurrent.atomic.AtomicLong(1_000_000);
        Clock clock = new Clock() {
            @Override
            public java.time.ZoneId getZone() {
                return java.time.ZoneOffset.UTC;
            }

            @Override
            public Clock withZone(java.time.ZoneId zone) {
                return this;
            }

            @Override
            public java.time.Instant instant() {
                return java.time.Instant.ofEpochMilli(now.get());
            }
        };
        JoinSnapshots snapshots = snapshots(stub.uri(), clock);

        assertThat(snapshots.ready("r1")).isNull(); // never asked: nothing at hand
        snapshots.get("r1").block(Duration.ofSeconds(5));
        JoinSnapshots.Entry first = snapshots.ready("r1");
        assertThat(first).isNotNull();
        assertThat(first.value().viewers()).isEqualTo(1L);

        stub.answer(
                "GET /internal/rooms/r1/viewers",
                Answer.json(200, "{\"room\":\"r1\",\"viewers\":2}").delayed(Duration.ofMillis(300)));
        now.addAndGet(1_001); // expired: the next join starts one reload and is answered with the old snapshot
        JoinSnapshots.Entry reloading = snapshots.ready("r1");
        assertThat(reloading).isNotSameAs(first);
        assertThat(reloading.value().viewers()).isEqualTo(1L);
        assertThat(snapshots.ready("r1")).isSameAs(reloading);
        await().atMost(Duration.ofSeconds(5))
                .until(() -> snapshots.ready("r1").value().viewers() == 2L);
        assertThat(stub.calls("GET /internal/rooms/r1/viewers")).isEqualTo(2);
    }

    @Test
    void chatRepliesBecomeAcksOrContractErrors() {
        stub.answer("POST /internal/rooms/r1/messages", Answer.json(200, "{\"msgId\":\"m-9\",\"shed\":true}"))
                .answer("POST /internal/rooms/slow/messages", Answer.problem(429, "slow_mode"))
                .answer("POST /internal/rooms/broken/messages", Answer.json(503, ""));
        RoomServiceClient client = roomService(stub.uri());

        assertThat(client.submit(chat("r1")).block(Duration.ofSeconds(5)))
                .isEqualTo(new RoomServiceClient.Accepted("m-9", true));
        assertThat(stub.bodies()).anySatisfy(body -> assertThat(mapper.readValue(body, ChatSubmitted.class))
                .isEqualTo(chat("r1")));
        assertThat(client.submit(chat("slow")).block(Duration.ofSeconds(5)))
                .isEqualTo(new RoomServiceClient.Rejected(ErrorCode.SLOW_MODE, "d"));
        assertThat(((RoomServiceClient.Rejected) client.submit(chat("broken")).block(Duration.ofSeconds(5))).code())
                .isEqualTo(ErrorCode.UNAVAILABLE);
        assertThat(((RoomServiceClient.Rejected) roomService(URI.create("http://127.0.0.1:1"))
                                .submit(chat("r1"))
                                .block(Duration.ofSeconds(5)))
                        .code())
                .isEqualTo(ErrorCode.UNAVAILABLE);
    }

    @Test
    void aFailingServiceOpensItsBreakerSoCallsStopUntilTheProbesFindItBack() {
        stub.answer("GET /internal/rooms/r1/snapshot", Answer.json(503, ""))
                .answer("POST /internal/rooms/r1/messages", Answer.json(503, ""));
        UpstreamGuard guard = new UpstreamGuard(CircuitBreaker.of(
                "room-service",
                UpstreamGuard.config(new ConnectionProperties.Breaker(50, 4, Duration.ofSeconds(10), OPEN_FOR, 1))));
        RoomServiceClient client = new RoomServiceClient(
                UpstreamClients.webClient(stub.uri(), TIMEOUT, "guarded"), guard, mapper, TIMEOUT, TIMEOUT);

        for (int i = 0; i < 4; i++) {
            assertThat(client.snapshot("r1").block(Duration.ofSeconds(5)))
                    .isEqualTo(RoomServiceClient.RoomState.UNKNOWN);
        }
        assertThat(guard.breaker().getState()).isEqualTo(CircuitBreaker.State.OPEN);
        assertThat(stub.calls("GET /internal/rooms/r1/snapshot")).isEqualTo(4);

        // open: answered at once, with no call made
        for (int i = 0; i < 20; i++) {
            assertThat(client.snapshot("r1").block(Duration.ofSeconds(1)))
                    .isEqualTo(RoomServiceClient.RoomState.UNKNOWN);
        }
        RoomServiceClient.ChatResult refused = client.submit(chat("r1")).block(Duration.ofSeconds(1));
        assertThat(((RoomServiceClient.Rejected) refused).code()).isEqualTo(ErrorCode.UNAVAILABLE);
        assertThat(stub.calls("GET /internal/rooms/r1/snapshot")).isEqualTo(4);
        assertThat(stub.calls("POST /internal/rooms/r1/messages")).isZero();
        assertThat(guard.breaker().getMetrics().getNumberOfNotPermittedCalls()).isEqualTo(21);

        // back: after the open period one probe goes through, succeeds and closes the breaker
        stub.answer(
                "GET /internal/rooms/r1/snapshot",
                Answer.json(200, "{\"room\":\"r1\",\"state\":\"live\",\"recent\":[]}"));
        await().atMost(Duration.ofSeconds(10))
                .pollInterval(Duration.ofMillis(100))
                .until(() -> client.snapshot("r1").block(Duration.ofSeconds(5)).state() == JoinSnapshot.State.LIVE);
        assertThat(guard.breaker().getState()).isEqualTo(CircuitBreaker.State.CLOSED);
        assertThat(stub.calls("GET /internal/rooms/r1/snapshot")).isEqualTo(5);
    }

    @Test
    void aNotFoundIsAnAnswerNotAFailure() {
        UpstreamGuard guard = new UpstreamGuard(CircuitBreaker.of(
                "gift-service",
                UpstreamGuard.config(new ConnectionProperties.Breaker(50, 2, Duration.ofSeconds(10), OPEN_FOR, 1))));
        GiftServiceClient gifts = new GiftServiceClient(
                UpstreamClients.webClient(stub.uri(), TIMEOUT, "gifts404"), guard, mapper, TIMEOUT);

        for (int i = 0; i < 5; i++) {
            assertThat(gifts.lastSeq("nowhere").blockOptional(Duration.ofSeconds(5)))
                    .isEmpty();
        }

        assertThat(guard.breaker().getState()).isEqualTo(CircuitBreaker.State.CLOSED);
        assertThat(stub.calls("GET /internal/rooms/nowhere/gift-seq")).isEqualTo(5);
    }

    /** A guard whose breaker never opens: these tests are about the clients, not the breaker. */
    private static UpstreamGuard unguarded(String name) {
        return new UpstreamGuard(CircuitBreaker.of(
                name,
                io.github.resilience4j.circuitbreaker.CircuitBreakerConfig.custom()
                        .recordException(error -> false)
                        .build()));
    }

    private static ChatSubmitted chat(String room) {
        return new ChatSubmitted(room, "u1", "User One", List.of("streamer"), "hello");
    }

    private RoomServiceClient roomService(URI uri) {
        return new RoomServiceClient(
                UpstreamClients.webClient(uri, TIMEOUT, "rooms"), unguarded("rooms"), mapper, TIMEOUT, TIMEOUT);
    }

    private JoinSnapshots snapshots(URI uri) {
        return snapshots(uri, Clock.systemUTC());
    }

    private JoinSnapshots snapshots(URI uri, Clock clock) {
        return new JoinSnapshots(
                roomService(uri),
                new GiftServiceClient(
                        UpstreamClients.webClient(uri, TIMEOUT, "gifts"), unguarded("gifts"), mapper, TIMEOUT),
                new PresenceServiceClient(
                        UpstreamClients.webClient(uri, TIMEOUT, "presence"), unguarded("presence"), mapper, TIMEOUT),
                Duration.ofSeconds(1),
                100,
                clock);
    }
}
