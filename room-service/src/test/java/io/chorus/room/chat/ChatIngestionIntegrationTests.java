package io.chorus.room.chat;

import static org.assertj.core.api.Assertions.assertThat;

import io.chorus.protocol.ChatSubmitted;
import io.chorus.room.support.RoomChannelListener;
import io.chorus.room.support.RoomIntegrationTest;
import io.chorus.test.TestTokens;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.test.context.TestPropertySource;
import org.springframework.test.web.reactive.server.WebTestClient;
import reactor.core.publisher.Flux;
import tools.jackson.databind.JsonNode;

/**
 * Chat ingestion against real Redis, through the REST API and the internal API: each check answers with the
 * contract's code and status, and accepted messages reach the room channel as {@code room.batch} frames.
 */
@TestPropertySource(
        properties = {
            "chorus.room.moderation.blocked-words[0]=badword",
            "chorus.room.moderation.blocked-patterns[0]=(?i)free\\\\s+vbucks",
            "chorus.room.chat.max-length=20"
        })
class ChatIngestionIntegrationTests extends RoomIntegrationTest {

    @Test
    void anAcceptedMessageIsPublishedAsARoomBatchAndKeptInTheHistory() {
        String room = createRoom("streamer-1");
        try (RoomChannelListener listener = listen(room)) {
            Map<?, ?> ack = chat(room, TestTokens.user("viewer-1"), "  hello  ")
                    .expectStatus()
                    .isAccepted()
                    .expectBody(Map.class)
                    .returnResult()
                    .getResponseBody();
            assertThat(ack.get("shed")).isEqualTo(false);
            String msgId = (String) ack.get("msgId");

            RoomChannelListener.Received batch = listener.await(f -> f.json().contains(msgId), DELIVERY);
            assertThat(batch.type()).isEqualTo("room.batch");
            assertThat(batch.frame().get("room").stringValue()).isEqualTo(room);
            JsonNode msg = batch.frame().get("msgs").get(0);
            assertThat(msg.get("from").stringValue()).isEqualTo("viewer-1");
            assertThat(msg.get("name").stringValue()).isEqualTo("Name of viewer-1");
            assertThat(msg.get("text").stringValue()).isEqualTo("hello");
            assertThat(msg.get("prio").stringValue()).isEqualTo("low");
            assertThat(msg.get("ts").longValue())
                    .isCloseTo(System.currentTimeMillis(), org.assertj.core.data.Offset.offset(5_000L));
            assertThat(batch.json()).startsWith("{\"type\":\"room.batch\",\"room\":\"" + room + "\",\"msgs\":[");

            web.get()
                    .uri("/internal/rooms/{room}/snapshot", room)
                    .header(HttpHeaders.AUTHORIZATION, TestTokens.bearer(TestTokens.user("connection", "service")))
                    .exchange()
                    .expectStatus()
                    .isOk()
                    .expectBody()
                    .jsonPath("$.room")
                    .isEqualTo(room)
                    .jsonPath("$.state")
                    .isEqualTo("live")
                    .jsonPath("$.recent[0].msgId")
                    .isEqualTo(msgId)
                    .jsonPath("$.recent[0].prio")
                    .isEqualTo("low");
        }
    }

    @Test
    void theStreamerAndModeratorsAreHighPriorityInTheirOwnBatch() {
        String room = createRoom("streamer-1");
        try (RoomChannelListener listener = listen(room)) {
            chat(room, TestTokens.user("viewer-1"), "low one").expectStatus().isAccepted();
            chat(room, TestTokens.user("streamer-1", "streamer"), "from streamer")
                    .expectStatus()
                    .isAccepted();
            chat(room, TestTokens.user("mod-1", "moderator"), "from mod")
                    .expectStatus()
                    .isAccepted();
            chat(room, TestTokens.user("streamer-2", "streamer"), "other streamer")
                    .expectStatus()
                    .isAccepted();

            listener.await(f -> listener.batchMessageIds().size() == 4, DELIVERY);
            for (RoomChannelListener.Received batch : listener.frames("room.batch")) {
                List<String> prios = batch.frame()
                        .get("msgs")
                        .valueStream()
                        .map(m -> m.get("prio").stringValue())
                        .distinct()
                        .toList();
                assertThat(prios).as("one priority per batch").hasSize(1);
            }
            Map<String, String> prioByText = new java.util.HashMap<>();
            listener.frames("room.batch").forEach(batch -> batch.frame()
                    .get("msgs")
                    .forEach(m -> prioByText.put(
                            m.get("text").stringValue(), m.get("prio").stringValue())));
            assertThat(prioByText)
                    .containsEntry("low one", "low")
                    .containsEntry("from streamer", "high")
                    .containsEntry("from mod", "high")
                    .containsEntry("other streamer", "low");
        }
    }

    @Test
    void badTextIsABadRequest() {
        String room = createRoom("streamer-1");
        String token = TestTokens.user("viewer-1");

        expectProblem(chat(room, token, "   "), 400, "bad_request")
                .jsonPath("$.detail")
                .isEqualTo("text is empty");
        expectProblem(chat(room, token, "x".repeat(21)), 400, "bad_request")
                .jsonPath("$.detail")
                .isEqualTo("text longer than 20 characters");
        expectProblem(chat(room, token, "bell\u0007"), 400, "bad_request");
        expectProblem(
                web.post()
                        .uri("/api/rooms/{id}/messages", room)
                        .header(HttpHeaders.AUTHORIZATION, TestTokens.bearer(token))
                        .contentType(MediaType.APPLICATION_JSON)
                        .bodyValue("{}")
                        .exchange(),
                400,
                "bad_request");
        expectProblem(
                web.post()
                        .uri("/api/rooms/{id}/messages", room)
                        .header(HttpHeaders.AUTHORIZATION, TestTokens.bearer(token))
                        .contentType(MediaType.APPLICATION_JSON)
                        .bodyValue("not json")
                        .exchange(),
                400,
                "bad_request");
        expectProblem(
                web.post()
                        .uri("/api/rooms/{id}/messages", room)
                        .contentType(MediaType.APPLICATION_JSON)
                        .bodyValue(Map.of("text", "hi"))
                        .exchange(),
                401,
                "unauthorized");
    }

    @Test
    void unknownAndClosedRoomsRefuseChat() {
        expectProblem(chat(uniqueId("nope"), TestTokens.user("viewer-1"), "hi"), 404, "room_not_found");
        expectProblem(chat("bad{id}", TestTokens.user("viewer-1"), "hi"), 404, "room_not_found");

        String room = createRoom("streamer-1");
        web.delete()
                .uri("/api/rooms/{id}", room)
                .header(HttpHeaders.AUTHORIZATION, TestTokens.bearer(TestTokens.user("streamer-1", "streamer")))
                .exchange()
                .expectStatus()
                .isNoContent();
        expectProblem(chat(room, TestTokens.user("viewer-1"), "hi"), 409, "room_closed");
        expectProblem(chat(room, TestTokens.user("streamer-1", "streamer"), "hi"), 409, "room_closed");
    }

    @Test
    void theModerationFilterRefusesBlockedWordsAndPatternsAndNothingIsPublished() {
        String room = createRoom("streamer-1");
        try (RoomChannelListener listener = listen(room)) {
            expectProblem(chat(room, TestTokens.user("viewer-1"), "you BADWORD"), 400, "moderated");
            expectProblem(chat(room, TestTokens.user("viewer-2"), "free  vbucks"), 400, "moderated");
            expectProblem(chat(room, TestTokens.user("mod-1", "moderator"), "badword"), 400, "moderated");
            chat(room, TestTokens.user("viewer-3"), "badwordy is fine")
                    .expectStatus()
                    .isAccepted();

            listener.await(f -> f.json().contains("badwordy"), DELIVERY);
            assertThat(listener.batchMessageIds()).hasSize(1);
        }
    }

    @Test
    void theRateLimitAnswers429WithRetryAfter() {
        String room = createRoom("streamer-1");
        String token = TestTokens.user("chatty");

        // a burst of 8 at once against a bucket of 5 (refilling 1 per second)
        List<ResponseEntity<String>> answers = Flux.range(0, 8)
                .flatMap(i -> chatAsync(room, token, "msg " + i))
                .collectList()
                .block(Duration.ofSeconds(10));

        assertThat(answers).filteredOn(a -> a.getStatusCode().value() == 202).hasSizeBetween(5, 6);
        List<ResponseEntity<String>> limited =
                answers.stream().filter(a -> a.getStatusCode().value() == 429).toList();
        assertThat(limited).hasSizeBetween(2, 3).allSatisfy(answer -> {
            assertThat(answer.getHeaders().getContentType()).isEqualTo(MediaType.APPLICATION_PROBLEM_JSON);
            assertThat(answer.getBody()).contains("\"code\":\"rate_limited\"");
            assertThat(Integer.parseInt(answer.getHeaders().getFirst(HttpHeaders.RETRY_AFTER)))
                    .isBetween(1, 2);
        });

        // another user in the same room, and the same user in another room, are not limited
        chat(room, TestTokens.user("calm"), "hi").expectStatus().isAccepted();
        chat(createRoom("streamer-1"), token, "hi").expectStatus().isAccepted();
    }

    @Test
    void slowModeMakesViewersWaitButNotModeratorsOrTheStreamer() throws InterruptedException {
        String room = createRoom("streamer-1");
        patchRoom(room, "streamer-1", Map.of("slowModeSeconds", 2));
        String viewer = TestTokens.user("viewer-1");

        chat(room, viewer, "first").expectStatus().isAccepted();
        WebTestClient.ResponseSpec waiting = chat(room, viewer, "second");
        waiting.expectHeader().value(HttpHeaders.RETRY_AFTER, value -> assertThat(Integer.parseInt(value))
                .isBetween(1, 2));
        expectProblem(waiting, 429, "slow_mode");

        chat(room, TestTokens.user("streamer-1", "streamer"), "s1")
                .expectStatus()
                .isAccepted();
        chat(room, TestTokens.user("streamer-1", "streamer"), "s2")
                .expectStatus()
                .isAccepted();
        chat(room, TestTokens.user("mod-1", "moderator"), "m1").expectStatus().isAccepted();
        chat(room, TestTokens.user("mod-1", "moderator"), "m2").expectStatus().isAccepted();

        Thread.sleep(2_100);
        chat(room, viewer, "third").expectStatus().isAccepted();
    }

    @Test
    void aSubscriberOnlyRoomAcceptsSubscribersTheStreamerAndModerators() {
        String room = createRoom("streamer-1");
        patchRoom(room, "streamer-1", Map.of("subscriberOnly", true));

        expectProblem(chat(room, TestTokens.user("viewer-1"), "hi"), 403, "subscribers_only");
        expectProblem(chat(room, TestTokens.user("viewer-2", "subscriber:other-room"), "hi"), 403, "subscribers_only");
        chat(room, TestTokens.user("viewer-3", "subscriber"), "hi")
                .expectStatus()
                .isAccepted();
        chat(room, TestTokens.user("viewer-4", "subscriber:" + room), "hi")
                .expectStatus()
                .isAccepted();
        chat(room, TestTokens.user("streamer-1", "streamer"), "hi")
                .expectStatus()
                .isAccepted();
        chat(room, TestTokens.user("mod-1", "moderator"), "hi").expectStatus().isAccepted();
    }

    @Test
    void anEmoteOnlyRoomAcceptsEmotesOnlyFromViewers() {
        String room = createRoom("streamer-1");
        patchRoom(room, "streamer-1", Map.of("emoteOnly", true));

        expectProblem(chat(room, TestTokens.user("viewer-1"), "hello"), 400, "moderated")
                .jsonPath("$.detail")
                .value(detail -> assertThat((String) detail).contains("emote-only"));
        chat(room, TestTokens.user("viewer-2"), ":wave: 👋 Kappa")
                .expectStatus()
                .isAccepted();
        chat(room, TestTokens.user("streamer-1", "streamer"), "words are fine")
                .expectStatus()
                .isAccepted();
    }

    @Test
    void aBannedUserIsRefusedAndATimeoutEnds() throws InterruptedException {
        String room = createRoom("streamer-1");
        String moderator = TestTokens.bearer(TestTokens.user("mod-1", "moderator"));
        web.post()
                .uri("/api/rooms/{id}/bans/{user}", room, "troll")
                .header(HttpHeaders.AUTHORIZATION, moderator)
                .exchange()
                .expectStatus()
                .isOk();
        web.post()
                .uri("/api/rooms/{id}/bans/{user}", room, "hothead")
                .header(HttpHeaders.AUTHORIZATION, moderator)
                .contentType(MediaType.APPLICATION_JSON)
                .bodyValue(Map.of("durationSeconds", 2))
                .exchange()
                .expectStatus()
                .isOk();

        expectProblem(chat(room, TestTokens.user("troll"), "hi"), 403, "banned");
        expectProblem(chat(room, TestTokens.user("hothead"), "hi"), 403, "banned");
        chat(room, TestTokens.user("bystander"), "hi").expectStatus().isAccepted();

        Thread.sleep(2_100);
        chat(room, TestTokens.user("hothead"), "calm now").expectStatus().isAccepted();
        expectProblem(chat(room, TestTokens.user("troll"), "still?"), 403, "banned");

        web.delete()
                .uri("/api/rooms/{id}/bans/{user}", room, "troll")
                .header(HttpHeaders.AUTHORIZATION, moderator)
                .exchange()
                .expectStatus()
                .isNoContent();
        chat(room, TestTokens.user("troll"), "sorry").expectStatus().isAccepted();
    }

    @Test
    void theInternalApiAcceptsChatSubmittedAndAnswersChatAccepted() {
        String room = createRoom("streamer-1");
        try (RoomChannelListener listener = listen(room)) {
            web.post()
                    .uri("/internal/rooms/{room}/messages", room)
                    .header(HttpHeaders.AUTHORIZATION, TestTokens.bearer(TestTokens.user("connection", "service")))
                    .contentType(MediaType.APPLICATION_JSON)
                    .bodyValue(new ChatSubmitted(room, "mod-2", "Mo", List.of("moderator"), "via ws"))
                    .exchange()
                    .expectStatus()
                    .isOk()
                    .expectBody()
                    .jsonPath("$.msgId")
                    .isNotEmpty()
                    .jsonPath("$.shed")
                    .isEqualTo(false);
            RoomChannelListener.Received batch = listener.await(f -> f.json().contains("via ws"), DELIVERY);
            assertThat(batch.frame().get("msgs").get(0).get("prio").stringValue())
                    .isEqualTo("high");
            assertThat(batch.frame().get("msgs").get(0).get("name").stringValue())
                    .isEqualTo("Mo");

            // a user's own token: the roles are the token's, not the body's
            web.post()
                    .uri("/internal/rooms/{room}/messages", room)
                    .header(HttpHeaders.AUTHORIZATION, TestTokens.bearer(TestTokens.user("viewer-9")))
                    .contentType(MediaType.APPLICATION_JSON)
                    .bodyValue(new ChatSubmitted(room, "viewer-9", null, List.of("moderator"), "self"))
                    .exchange()
                    .expectStatus()
                    .isOk();
            RoomChannelListener.Received self = listener.await(f -> f.json().contains("\"self\""), DELIVERY);
            assertThat(self.frame().get("msgs").get(0).get("prio").stringValue())
                    .isEqualTo("low");

            expectProblem(
                    web.post()
                            .uri("/internal/rooms/{room}/messages", room)
                            .header(HttpHeaders.AUTHORIZATION, TestTokens.bearer(TestTokens.user("viewer-9")))
                            .contentType(MediaType.APPLICATION_JSON)
                            .bodyValue(new ChatSubmitted(room, "someone-else", null, List.of(), "spoof"))
                            .exchange(),
                    403,
                    "forbidden");
            expectProblem(
                    web.post()
                            .uri("/internal/rooms/{room}/messages", room)
                            .header(
                                    HttpHeaders.AUTHORIZATION,
                                    TestTokens.bearer(TestTokens.user("connection", "service")))
                            .contentType(MediaType.APPLICATION_JSON)
                            .bodyValue(new ChatSubmitted(room, "viewer-1", null, List.of(), "you badword"))
                            .exchange(),
                    400,
                    "moderated");
        }
    }

    @Test
    void theHistoryKeepsTheLast50DeliveredMessagesOldestFirst() {
        String room = createRoom("streamer-1");
        patchRoom(room, "streamer-1", Map.of("chatBudgetPerSecond", 200));
        try (RoomChannelListener listener = listen(room)) {
            for (int i = 0; i < 60; i++) {
                chat(room, TestTokens.user("viewer-" + i), "n" + i)
                        .expectStatus()
                        .isAccepted();
            }
            listener.await(f -> f.json().contains("\"n59\""), DELIVERY);
            List<String> delivered = listener.frames("room.batch").stream()
                    .flatMap(f -> f.frame().get("msgs").valueStream())
                    .map(m -> m.get("text").stringValue())
                    .toList();
            assertThat(delivered).hasSize(60);

            web.get()
                    .uri("/internal/rooms/{room}/snapshot", room)
                    .header(HttpHeaders.AUTHORIZATION, TestTokens.bearer(TestTokens.user("connection", "service")))
                    .exchange()
                    .expectStatus()
                    .isOk()
                    .expectBody()
                    .jsonPath("$.recent[*].text")
                    .value(texts ->
                            assertThat((List<Object>) texts).containsExactlyElementsOf(delivered.subList(10, 60)));
        }
    }
}
