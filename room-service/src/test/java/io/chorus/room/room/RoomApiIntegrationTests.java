package io.chorus.room.room;

import static org.assertj.core.api.Assertions.assertThat;

import io.chorus.room.support.RoomChannelListener;
import io.chorus.room.support.RoomIntegrationTest;
import io.chorus.test.AtJvmExit;
import io.chorus.test.TestTokens;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import reactor.core.publisher.Mono;
import reactor.netty.DisposableServer;
import reactor.netty.http.server.HttpServer;

/** The rooms REST API against real Redis: lifecycle, settings, bans, retraction, and its problem answers. */
class RoomApiIntegrationTests extends RoomIntegrationTest {

    /** presence-service stand-in: 42 viewers, except rooms whose id starts with "slow" (answers too late). */
    static final DisposableServer PRESENCE = HttpServer.create()
            .host("127.0.0.1")
            .port(0)
            .route(routes -> routes.get("/internal/rooms/{room}/viewers", (request, response) -> {
                String room = request.param("room");
                Mono<Void> delay = room.startsWith("slow")
                        ? Mono.delay(Duration.ofSeconds(2)).then()
                        : Mono.empty();
                // a connection per call: a stub on Reactor Netty is open to the keep-alive stall (reactor-netty#4361)
                return delay.then(response.header("Content-Type", "application/json")
                        .header("Connection", "close")
                        .sendString(Mono.just("{\"room\":\"" + room + "\",\"viewers\":42}"))
                        .then());
            }))
            .bindNow();

    @DynamicPropertySource
    static void presence(DynamicPropertyRegistry registry) {
        registry.add("chorus.room.presence.base-url", () -> "http://127.0.0.1:" + PRESENCE.port());
    }

    static {
        AtJvmExit.stop(PRESENCE::disposeNow); // not in @AfterAll: a rerun of a failed test needs it
    }

    @Test
    void aStreamerCreatesARoomAndAnyUserGetsItWithItsViewers() {
        String id = uniqueId("room");
        web.post()
                .uri("/api/rooms")
                .header(HttpHeaders.AUTHORIZATION, TestTokens.bearer(TestTokens.user("streamer-1", "streamer")))
                .contentType(MediaType.APPLICATION_JSON)
                .bodyValue(Map.of("id", id, "title", "Speedrun"))
                .exchange()
                .expectStatus()
                .isCreated()
                .expectHeader()
                .location("/api/rooms/" + id)
                .expectBody()
                .jsonPath("$.id")
                .isEqualTo(id)
                .jsonPath("$.title")
                .isEqualTo("Speedrun")
                .jsonPath("$.state")
                .isEqualTo("live")
                .jsonPath("$.streamer")
                .isEqualTo("streamer-1")
                .jsonPath("$.settings.chatBudgetPerSecond")
                .isEqualTo(20)
                .jsonPath("$.settings.slowModeSeconds")
                .isEqualTo(0);

        web.get()
                .uri("/api/rooms/{id}", id)
                .header(HttpHeaders.AUTHORIZATION, TestTokens.bearer(TestTokens.user("viewer-1")))
                .exchange()
                .expectStatus()
                .isOk()
                .expectBody()
                .jsonPath("$.state")
                .isEqualTo("live")
                .jsonPath("$.viewers")
                .isEqualTo(42)
                .jsonPath("$.settings.subscriberOnly")
                .isEqualTo(false);
    }

    @Test
    void withoutAnIdTheRoomGetsOne() {
        web.post()
                .uri("/api/rooms")
                .header(HttpHeaders.AUTHORIZATION, TestTokens.bearer(TestTokens.user("streamer-1", "streamer")))
                .exchange()
                .expectStatus()
                .isCreated()
                .expectBody()
                .jsonPath("$.id")
                .value(id -> assertThat((String) id).matches("[a-z0-9]{10}"))
                .jsonPath("$.state")
                .isEqualTo("live");
    }

    @Test
    void theViewerCountIsOmittedWhenPresenceDoesNotAnswerInTime() {
        String id = uniqueId("slow");
        web.post()
                .uri("/api/rooms")
                .header(HttpHeaders.AUTHORIZATION, TestTokens.bearer(TestTokens.user("streamer-1", "streamer")))
                .contentType(MediaType.APPLICATION_JSON)
                .bodyValue(Map.of("id", id))
                .exchange()
                .expectStatus()
                .isCreated();

        long start = System.nanoTime();
        web.get()
                .uri("/api/rooms/{id}", id)
                .header(HttpHeaders.AUTHORIZATION, TestTokens.bearer(TestTokens.user("viewer-1")))
                .exchange()
                .expectStatus()
                .isOk()
                .expectBody()
                .jsonPath("$.id")
                .isEqualTo(id)
                .jsonPath("$.viewers")
                .doesNotExist();
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(1));
    }

    @Test
    void creatingARoomNeedsTheStreamerRoleAndAValidToken() {
        expectProblem(
                web.post()
                        .uri("/api/rooms")
                        .header(HttpHeaders.AUTHORIZATION, TestTokens.bearer(TestTokens.user("viewer-1")))
                        .exchange(),
                403,
                "forbidden");
        expectProblem(web.post().uri("/api/rooms").exchange(), 401, "unauthorized");
        expectProblem(
                web.post()
                        .uri("/api/rooms")
                        .header(HttpHeaders.AUTHORIZATION, TestTokens.bearer(TestTokens.expired("streamer-1")))
                        .exchange(),
                401,
                "unauthorized");
        expectProblem(
                web.get()
                        .uri("/api/rooms/any")
                        .header(HttpHeaders.AUTHORIZATION, TestTokens.bearer(TestTokens.forged("viewer-1")))
                        .exchange(),
                401,
                "unauthorized");
    }

    @Test
    void aTakenIdIsAConflict() {
        String id = createRoom("streamer-1");

        expectProblem(
                web.post()
                        .uri("/api/rooms")
                        .header(HttpHeaders.AUTHORIZATION, TestTokens.bearer(TestTokens.user("streamer-2", "streamer")))
                        .contentType(MediaType.APPLICATION_JSON)
                        .bodyValue(Map.of("id", id))
                        .exchange(),
                409,
                "conflict");
    }

    @Test
    void badCreateInputIsABadRequest() {
        String streamer = TestTokens.bearer(TestTokens.user("streamer-1", "streamer"));
        expectProblem(
                web.post()
                        .uri("/api/rooms")
                        .header(HttpHeaders.AUTHORIZATION, streamer)
                        .contentType(MediaType.APPLICATION_JSON)
                        .bodyValue(Map.of("id", "has{braces}"))
                        .exchange(),
                400,
                "bad_request");
        expectProblem(
                web.post()
                        .uri("/api/rooms")
                        .header(HttpHeaders.AUTHORIZATION, streamer)
                        .contentType(MediaType.APPLICATION_JSON)
                        .bodyValue("{\"id\": ")
                        .exchange(),
                400,
                "bad_request");
        expectProblem(
                web.post()
                        .uri("/api/rooms")
                        .header(HttpHeaders.AUTHORIZATION, streamer)
                        .contentType(MediaType.APPLICATION_JSON)
                        .bodyValue(Map.of("title", "t".repeat(201)))
                        .exchange(),
                400,
                "bad_request");
    }

    @Test
    void anUnknownRoomIsNotFound() {
        expectProblem(
                web.get()
                        .uri("/api/rooms/{id}", uniqueId("nope"))
                        .header(HttpHeaders.AUTHORIZATION, TestTokens.bearer(TestTokens.user("viewer-1")))
                        .exchange(),
                404,
                "room_not_found");
        expectProblem(
                web.get()
                        .uri("/internal/rooms/{id}/snapshot", uniqueId("nope"))
                        .header(HttpHeaders.AUTHORIZATION, TestTokens.bearer(TestTokens.user("connection", "service")))
                        .exchange(),
                404,
                "room_not_found");
    }

    @Test
    void itsStreamerOrAModeratorChangesSettingsWithinBounds() {
        String id = createRoom("streamer-1");

        web.patch()
                .uri("/api/rooms/{id}", id)
                .header(HttpHeaders.AUTHORIZATION, TestTokens.bearer(TestTokens.user("streamer-1", "streamer")))
                .contentType(MediaType.APPLICATION_JSON)
                .bodyValue(Map.of("slowModeSeconds", 10, "subscriberOnly", true, "chatBudgetPerSecond", 5))
                .exchange()
                .expectStatus()
                .isOk()
                .expectBody()
                .jsonPath("$.settings.slowModeSeconds")
                .isEqualTo(10)
                .jsonPath("$.settings.subscriberOnly")
                .isEqualTo(true)
                .jsonPath("$.settings.emoteOnly")
                .isEqualTo(false)
                .jsonPath("$.settings.chatBudgetPerSecond")
                .isEqualTo(5);
        web.patch()
                .uri("/api/rooms/{id}", id)
                .header(HttpHeaders.AUTHORIZATION, TestTokens.bearer(TestTokens.user("mod-1", "moderator")))
                .contentType(MediaType.APPLICATION_JSON)
                .bodyValue(Map.of("emoteOnly", true))
                .exchange()
                .expectStatus()
                .isOk()
                .expectBody()
                .jsonPath("$.settings.emoteOnly")
                .isEqualTo(true)
                .jsonPath("$.settings.slowModeSeconds")
                .isEqualTo(10);

        expectProblem(
                web.patch()
                        .uri("/api/rooms/{id}", id)
                        .header(HttpHeaders.AUTHORIZATION, TestTokens.bearer(TestTokens.user("viewer-1")))
                        .contentType(MediaType.APPLICATION_JSON)
                        .bodyValue(Map.of("slowModeSeconds", 0))
                        .exchange(),
                403,
                "forbidden");
        expectProblem(
                web.patch()
                        .uri("/api/rooms/{id}", id)
                        .header(HttpHeaders.AUTHORIZATION, TestTokens.bearer(TestTokens.user("streamer-1", "streamer")))
                        .contentType(MediaType.APPLICATION_JSON)
                        .bodyValue(Map.of("slowModeSeconds", -1, "chatBudgetPerSecond", 0))
                        .exchange(),
                400,
                "bad_request");
        expectProblem(
                web.patch()
                        .uri("/api/rooms/{id}", uniqueId("nope"))
                        .header(HttpHeaders.AUTHORIZATION, TestTokens.bearer(TestTokens.user("streamer-1", "streamer")))
                        .contentType(MediaType.APPLICATION_JSON)
                        .bodyValue(Map.of("slowModeSeconds", 1))
                        .exchange(),
                404,
                "room_not_found");
    }

    @Test
    void closingPublishesRoomClosedOnceAndOnlyItsStreamerOrAnAdminMayClose() {
        String id = createRoom("streamer-1");
        try (RoomChannelListener listener = listen(id)) {
            expectProblem(
                    web.delete()
                            .uri("/api/rooms/{id}", id)
                            .header(
                                    HttpHeaders.AUTHORIZATION,
                                    TestTokens.bearer(TestTokens.user("streamer-2", "streamer")))
                            .exchange(),
                    403,
                    "forbidden");

            web.delete()
                    .uri("/api/rooms/{id}", id)
                    .header(HttpHeaders.AUTHORIZATION, TestTokens.bearer(TestTokens.user("streamer-1", "streamer")))
                    .exchange()
                    .expectStatus()
                    .isNoContent();

            RoomChannelListener.Received closed = listener.await(f -> f.type().equals("room.closed"), DELIVERY);
            assertThat(closed.json()).isEqualTo("{\"type\":\"room.closed\",\"room\":\"" + id + "\"}");

            web.delete()
                    .uri("/api/rooms/{id}", id)
                    .header(HttpHeaders.AUTHORIZATION, TestTokens.bearer(TestTokens.user("streamer-1", "streamer")))
                    .exchange()
                    .expectStatus()
                    .isNoContent();
            web.get()
                    .uri("/api/rooms/{id}", id)
                    .header(HttpHeaders.AUTHORIZATION, TestTokens.bearer(TestTokens.user("viewer-1")))
                    .exchange()
                    .expectStatus()
                    .isOk()
                    .expectBody()
                    .jsonPath("$.state")
                    .isEqualTo("closed");
            expectProblem(
                    web.patch()
                            .uri("/api/rooms/{id}", id)
                            .header(
                                    HttpHeaders.AUTHORIZATION,
                                    TestTokens.bearer(TestTokens.user("streamer-1", "streamer")))
                            .contentType(MediaType.APPLICATION_JSON)
                            .bodyValue(Map.of("slowModeSeconds", 1))
                            .exchange(),
                    409,
                    "room_closed");
            expectProblem(
                    web.post()
                            .uri("/api/rooms")
                            .header(
                                    HttpHeaders.AUTHORIZATION,
                                    TestTokens.bearer(TestTokens.user("streamer-1", "streamer")))
                            .contentType(MediaType.APPLICATION_JSON)
                            .bodyValue(Map.of("id", id))
                            .exchange(),
                    409,
                    "conflict");
            web.get()
                    .uri("/internal/rooms/{id}/snapshot", id)
                    .header(HttpHeaders.AUTHORIZATION, TestTokens.bearer(TestTokens.user("connection", "service")))
                    .exchange()
                    .expectStatus()
                    .isOk()
                    .expectBody()
                    .jsonPath("$.state")
                    .isEqualTo("closed");
            assertThat(listener.frames("room.closed")).hasSize(1);
        }

        String other = createRoom("streamer-1");
        web.delete()
                .uri("/api/rooms/{id}", other)
                .header(HttpHeaders.AUTHORIZATION, TestTokens.bearer(TestTokens.user("admin-1", "admin")))
                .exchange()
                .expectStatus()
                .isNoContent();
    }

    @Test
    void moderatorsAndTheStreamerBanAndUnbanUsers() {
        String id = createRoom("streamer-1");
        String moderator = TestTokens.bearer(TestTokens.user("mod-1", "moderator"));

        web.post()
                .uri("/api/rooms/{id}/bans/{user}", id, "troll")
                .header(HttpHeaders.AUTHORIZATION, moderator)
                .exchange()
                .expectStatus()
                .isOk()
                .expectBody()
                .jsonPath("$.user")
                .isEqualTo("troll")
                .jsonPath("$.until")
                .doesNotExist();
        long before = System.currentTimeMillis();
        web.post()
                .uri("/api/rooms/{id}/bans/{user}", id, "noisy")
                .header(HttpHeaders.AUTHORIZATION, TestTokens.bearer(TestTokens.user("streamer-1", "streamer")))
                .contentType(MediaType.APPLICATION_JSON)
                .bodyValue(Map.of("durationSeconds", 600))
                .exchange()
                .expectStatus()
                .isOk()
                .expectBody()
                .jsonPath("$.until")
                .value(until -> assertThat(((Number) until).longValue())
                        .isBetween(before + 599_000, System.currentTimeMillis() + 600_000));

        web.get()
                .uri("/api/rooms/{id}/bans", id)
                .header(HttpHeaders.AUTHORIZATION, moderator)
                .exchange()
                .expectStatus()
                .isOk()
                .expectBody()
                .jsonPath("$[*].user")
                .value(users -> assertThat((java.util.List<Object>) users).containsExactly("noisy", "troll"));

        web.delete()
                .uri("/api/rooms/{id}/bans/{user}", id, "troll")
                .header(HttpHeaders.AUTHORIZATION, moderator)
                .exchange()
                .expectStatus()
                .isNoContent();
        web.get()
                .uri("/api/rooms/{id}/bans", id)
                .header(HttpHeaders.AUTHORIZATION, moderator)
                .exchange()
                .expectBody()
                .jsonPath("$[*].user")
                .value(users -> assertThat((java.util.List<Object>) users).containsExactly("noisy"));

        expectProblem(
                web.post()
                        .uri("/api/rooms/{id}/bans/{user}", id, "someone")
                        .header(HttpHeaders.AUTHORIZATION, TestTokens.bearer(TestTokens.user("viewer-1")))
                        .exchange(),
                403,
                "forbidden");
        expectProblem(
                web.post()
                        .uri("/api/rooms/{id}/bans/{user}", id, "streamer-1")
                        .header(HttpHeaders.AUTHORIZATION, moderator)
                        .exchange(),
                400,
                "bad_request");
        expectProblem(
                web.post()
                        .uri("/api/rooms/{id}/bans/{user}", id, "someone")
                        .header(HttpHeaders.AUTHORIZATION, moderator)
                        .contentType(MediaType.APPLICATION_JSON)
                        .bodyValue(Map.of("durationSeconds", 0))
                        .exchange(),
                400,
                "bad_request");
    }

    @Test
    void aRetractedMessageIsAnnouncedAndLeavesTheHistory() {
        String id = createRoom("streamer-1");
        try (RoomChannelListener listener = listen(id)) {
            String msgId = chat(id, TestTokens.user("viewer-1"), "oops")
                    .expectStatus()
                    .isAccepted()
                    .expectBody(Map.class)
                    .returnResult()
                    .getResponseBody()
                    .get("msgId")
                    .toString();
            chat(id, TestTokens.user("viewer-2"), "fine").expectStatus().isAccepted();
            listener.await(f -> f.json().contains("\"fine\""), DELIVERY);

            expectProblem(
                    web.delete()
                            .uri("/api/rooms/{id}/messages/{msg}", id, msgId)
                            .header(HttpHeaders.AUTHORIZATION, TestTokens.bearer(TestTokens.user("viewer-2")))
                            .exchange(),
                    403,
                    "forbidden");
            web.delete()
                    .uri("/api/rooms/{id}/messages/{msg}", id, msgId)
                    .header(HttpHeaders.AUTHORIZATION, TestTokens.bearer(TestTokens.user("mod-1", "moderator")))
                    .exchange()
                    .expectStatus()
                    .isNoContent();

            RoomChannelListener.Received retracted =
                    listener.await(f -> f.type().equals("room.retracted"), DELIVERY);
            assertThat(retracted.json())
                    .isEqualTo("{\"type\":\"room.retracted\",\"room\":\"" + id + "\",\"msgId\":\"" + msgId + "\"}");
            web.get()
                    .uri("/internal/rooms/{id}/snapshot", id)
                    .header(HttpHeaders.AUTHORIZATION, TestTokens.bearer(TestTokens.user("connection", "service")))
                    .exchange()
                    .expectStatus()
                    .isOk()
                    .expectBody()
                    .jsonPath("$.recent[*].text")
                    .value(texts -> assertThat((java.util.List<Object>) texts).containsExactly("fine"));
        }
    }

    @Test
    void anOversizedBodyIsTooLarge() {
        String id = createRoom("streamer-1");

        expectProblem(
                web.post()
                        .uri("/api/rooms/{id}/messages", id)
                        .header(HttpHeaders.AUTHORIZATION, TestTokens.bearer(TestTokens.user("viewer-1")))
                        .contentType(MediaType.APPLICATION_JSON)
                        .bodyValue(Map.of("text", "x".repeat(40_000)))
                        .exchange(),
                413,
                "too_large");
    }

    @Test
    void anUnknownPathIsNotFoundAsAProblem() {
        expectProblem(
                web.get()
                        .uri("/api/nothing-here")
                        .header(HttpHeaders.AUTHORIZATION, TestTokens.bearer(TestTokens.user("viewer-1")))
                        .exchange(),
                404,
                "not_found");
    }
}
