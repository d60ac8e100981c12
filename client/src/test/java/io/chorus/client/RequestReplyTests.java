package io.chorus.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.chorus.protocol.ErrorCode;
import io.chorus.protocol.ServerFrame;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.test.StepVerifier;
import tools.jackson.databind.JsonNode;

class RequestReplyTests {

    private static final Duration WAIT = Duration.ofSeconds(5);

    private ScriptedServer server;
    private ChorusClient client;

    @BeforeEach
    void start() {
        server = ScriptedServer.start();
        client = ChorusClient.builder(server.uri())
                .token("token-1")
                .device("phone")
                .requestTimeout(Duration.ofMillis(300))
                .reconnect(Backoff.disabled())
                .build();
        client.connect().block(WAIT);
    }

    @AfterEach
    void stop() {
        client.close().block(WAIT);
        server.close();
    }

    @Test
    void connectSendsTokenAndDeviceAsQueryParameters() {
        assertThat(client.state()).isEqualTo(ConnectionState.CONNECTED);
        assertThat(server.latest().param("access_token")).isEqualTo("token-1");
        assertThat(server.latest().param("device")).isEqualTo("phone");
        assertThat(server.latest().authorization).isNull();
    }

    @Test
    void joinCompletesWithTheJoinedReplyAndRemembersTheRoom() {
        server.giftSeq("lobby", 5);

        ServerFrame.Joined joined = client.join("lobby").block(WAIT);

        assertThat(joined.room()).isEqualTo("lobby");
        assertThat(joined.giftSeq()).isEqualTo(5L);
        assertThat(client.rooms()).containsExactly("lobby");
        assertThat(client.lastGiftSeq("lobby")).isEqualTo(5L);
        JsonNode sent = server.latest().received("join").get(0);
        assertThat(sent.path("room").asString()).isEqualTo("lobby");
        assertThat(sent.path("id").asString()).isNotBlank().isEqualTo(joined.id());
    }

    @Test
    void concurrentRepliesArrivingOutOfOrderCompleteTheirOwnRequests() {
        List<String> texts = List.of("delay:250", "delay:120", "delay:0");

        List<ServerFrame.Ack> acks = Flux.fromIterable(texts)
                .flatMapSequential(text -> client.chat("lobby", text))
                .collectList()
                .block(WAIT);

        assertThat(acks).extracting(ServerFrame.Ack::msgId).containsExactly("m-delay:250", "m-delay:120", "m-delay:0");
        List<String> sentIds = server.latest().received("chat").stream()
                .map(frame -> frame.path("id").asString())
                .toList();
        assertThat(sentIds).doesNotHaveDuplicates().hasSize(3);
        assertThat(acks).extracting(ServerFrame.Ack::id).containsExactlyInAnyOrderElementsOf(sentIds);
    }

    @Test
    void errorReplyFailsTheRequestWithItsErrorCode() {
        StepVerifier.create(client.chat("lobby", "err:rate_limited"))
                .expectErrorSatisfies(error -> {
                    assertThat(error).isInstanceOf(ChorusErrorException.class);
                    ChorusErrorException chorusError = (ChorusErrorException) error;
                    assertThat(chorusError.code()).isEqualTo(ErrorCode.RATE_LIMITED);
                    assertThat(chorusError.requestId())
                            .isEqualTo(server.latest()
                                    .received("chat")
                                    .get(0)
                                    .path("id")
                                    .asString());
                })
                .verify(WAIT);
    }

    @Test
    void joinOfAnUnknownRoomFailsWithRoomNotFoundAndIsNotRemembered() {
        assertThatThrownBy(() -> client.join("missing-room").block(WAIT))
                .isInstanceOf(ChorusErrorException.class)
                .extracting(error -> ((ChorusErrorException) error).code())
                .isEqualTo(ErrorCode.ROOM_NOT_FOUND);
        assertThat(client.rooms()).isEmpty();
    }

    @Test
    void unansweredRequestTimesOutAndALateReplyIsNotPushed() {
        List<ServerFrame> pushed = new CopyOnWriteArrayList<>();
        client.frames().subscribe(pushed::add);

        long start = System.nanoTime();
        StepVerifier.create(client.chat("lobby", "delay:1500"))
                .expectErrorSatisfies(error -> {
                    assertThat(error).isInstanceOf(ChorusTimeoutException.class);
                    assertThat(((ChorusTimeoutException) error).requestType()).isEqualTo("chat");
                })
                .verify(WAIT);
        assertThat(Duration.ofNanos(System.nanoTime() - start))
                .isBetween(Duration.ofMillis(280), Duration.ofMillis(1400));

        Mono.delay(Duration.ofMillis(1300)).block(WAIT);
        assertThat(pushed).isEmpty();
        assertThat(client.chat("lobby", "after").block(WAIT).msgId()).isEqualTo("m-after");
    }

    @Test
    void pingCompletesOnPong() {
        StepVerifier.create(client.ping()).verifyComplete();
        assertThat(server.latest().received("ping")).hasSize(1);
    }

    @Test
    void readIsAcknowledgedAndTypingIsSentWithoutReply() {
        StepVerifier.create(client.read("g:42", 17)).verifyComplete();
        StepVerifier.create(client.typing("g:42")).verifyComplete();

        Eventually.await(
                "typing received", () -> !server.latest().received("typing").isEmpty());
        JsonNode read = server.latest().received("read").get(0);
        assertThat(read.path("conv").asString()).isEqualTo("g:42");
        assertThat(read.path("seq").asLong()).isEqualTo(17);
        JsonNode typing = server.latest().received("typing").get(0);
        assertThat(typing.has("id")).isFalse();
        assertThat(typing.path("conv").asString()).isEqualTo("g:42");
    }

    @Test
    void leaveForgetsTheRoom() {
        client.join("lobby").block(WAIT);

        StepVerifier.create(client.leave("lobby")).verifyComplete();

        assertThat(client.rooms()).isEmpty();
        assertThat(client.lastGiftSeq("lobby")).isNull();
        assertThat(server.latest().received("leave")).hasSize(1);
    }

    @Test
    void requestsInFlightFailWhenTheConnectionCloses() {
        Mono<ServerFrame.Ack> silent = client.chat("lobby", "silent").cache();
        silent.subscribe(ack -> {}, error -> {});
        Eventually.await(
                "chat received", () -> !server.latest().received("chat").isEmpty());

        server.latest().close(1000);

        StepVerifier.create(silent)
                .expectErrorSatisfies(error -> {
                    assertThat(error).isInstanceOf(ChorusConnectionException.class);
                    assertThat(((ChorusConnectionException) error).status()).isEqualTo(1000);
                })
                .verify(WAIT);
        Eventually.await("closed", () -> client.state() == ConnectionState.CLOSED);
    }

    @Test
    void requestWithoutConnectionFailsAtOnce() {
        ChorusClient unconnected = ChorusClient.builder(server.uri()).token("t").build();

        StepVerifier.create(unconnected.chat("lobby", "hi"))
                .expectError(ChorusConnectionException.class)
                .verify(WAIT);
        StepVerifier.create(unconnected.leave("lobby")).verifyComplete();
    }
}
