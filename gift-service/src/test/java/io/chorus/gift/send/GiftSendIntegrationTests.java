package io.chorus.gift.send;

import static org.assertj.core.api.Assertions.assertThat;

import io.chorus.gift.support.GiftIntegrationTest;
import io.chorus.test.TestTokens;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.test.web.reactive.server.WebTestClient;
import reactor.core.publisher.Flux;
import tools.jackson.databind.JsonNode;

/** Sending gifts: idempotency, validation, and nothing written for bad input. */
class GiftSendIntegrationTests extends GiftIntegrationTest {

    private final String sender = unique("user");
    private final String token = TestTokens.user(sender);

    @Test
    void theSameKeyAndBodyGiveTheSameAnswerAndOneGift() {
        String room = liveRoom("streamer-1");
        String key = unique("key");

        String first = send(token, room, key, body("rose", 3))
                .expectStatus()
                .isCreated()
                .expectBody(String.class)
                .returnResult()
                .getResponseBody();
        String second = send(token, room, key, body("rose", 3))
                .expectStatus()
                .isCreated()
                .expectBody(String.class)
                .returnResult()
                .getResponseBody();

        assertThat(JSON.readTree(second)).isEqualTo(JSON.readTree(first));
        JsonNode receipt = JSON.readTree(first);
        assertThat(receipt.get("room").asString()).isEqualTo(room);
        assertThat(receipt.get("to").asString()).isEqualTo("streamer-1");
        assertThat(receipt.get("from").asString()).isEqualTo(sender);

        String sentinel = sendOk(token, room, unique("key"), body("heart", 1));
        List<JsonNode> gifts = awaitGifts(room, 2);
        assertThat(gifts).hasSize(2);
        assertThat(gifts.get(0).get("giftId").asString())
                .isEqualTo(receipt.get("giftId").asString());
        assertThat(gifts.get(1).get("giftId").asString()).isEqualTo(sentinel);
        assertThat(seqs(gifts)).containsExactly(1L, 2L);
    }

    @Test
    void theSameKeyWithAnotherBodyIs409AndWritesNothing() {
        String room = liveRoom("streamer-1");
        String key = unique("key");
        String giftId = sendOk(token, room, key, body("rose", 3));

        expectProblem(send(token, room, key, body("rose", 4)), HttpStatus.CONFLICT, "conflict");
        expectProblem(send(token, room, key, body("heart", 3)), HttpStatus.CONFLICT, "conflict");

        // another sender may use the same key: keys are scoped per sender
        sendOk(TestTokens.user(unique("user")), room, key, body("rose", 4));
        List<JsonNode> gifts = awaitGifts(room, 2);
        assertThat(gifts).hasSize(2);
        assertThat(gifts.get(0).get("giftId").asString()).isEqualTo(giftId);
    }

    @Test
    void concurrentRequestsWithTheSameKeyMakeOneGift() {
        String room = liveRoom("streamer-1");
        String key = unique("key");

        List<String> answers = Flux.range(0, 12)
                .flatMap(i -> client().post()
                        .uri("/api/rooms/{room}/gifts", room)
                        .header(HttpHeaders.AUTHORIZATION, "Bearer " + token)
                        .header("Idempotency-Key", key)
                        .contentType(MediaType.APPLICATION_JSON)
                        .bodyValue(body("star", 2))
                        .exchangeToMono(response -> response.bodyToMono(String.class)
                                .map(text -> response.statusCode().value() + " " + text)))
                .collectList()
                .block(Duration.ofSeconds(30));

        assertThat(answers).hasSize(12).allMatch(answer -> answer.startsWith("201 "));
        assertThat(answers.stream()
                        .map(answer ->
                                JSON.readTree(answer.substring(4)).get("giftId").asString())
                        .distinct())
                .hasSize(1);

        sendOk(token, room, unique("key"), body("rose", 1));
        List<JsonNode> gifts = awaitGifts(room, 2);
        assertThat(gifts).hasSize(2);
        assertThat(seqs(gifts)).containsExactly(1L, 2L);
    }

    @Test
    void badInputIsAProblemAndWritesNothing() {
        String room = liveRoom("streamer-1");
        String key = unique("key");

        expectProblem(send(token, room, unique("k"), body("diamond", 1)), HttpStatus.BAD_REQUEST, "bad_request");
        expectProblem(send(token, room, unique("k"), body("rose", -1)), HttpStatus.BAD_REQUEST, "bad_request");
        expectProblem(send(token, room, unique("k"), body("rose", 0)), HttpStatus.BAD_REQUEST, "bad_request");
        expectProblem(send(token, room, unique("k"), body("rose", 1000)), HttpStatus.BAD_REQUEST, "bad_request");
        expectProblem(
                send(token, room, unique("k"), body("rose", 99999999999999L)), HttpStatus.BAD_REQUEST, "bad_request");
        expectProblem(send(token, room, unique("k"), "{\"amount\":1}"), HttpStatus.BAD_REQUEST, "bad_request");
        expectProblem(send(token, room, unique("k"), "{\"gift\":\"rose\"}"), HttpStatus.BAD_REQUEST, "bad_request");
        expectProblem(send(token, room, unique("k"), "{not json"), HttpStatus.BAD_REQUEST, "bad_request");
        expectProblem(send(token, room, null, body("rose", 1)), HttpStatus.BAD_REQUEST, "bad_request");
        expectProblem(send(token, room, "x".repeat(129), body("rose", 1)), HttpStatus.BAD_REQUEST, "bad_request");
        expectProblem(send(token, room, key, body("rose", 1, "has space")), HttpStatus.BAD_REQUEST, "bad_request");
        expectProblem(send(token, unique("missing"), key, body("rose", 1)), HttpStatus.NOT_FOUND, "room_not_found");

        expectProblem(
                web.post()
                        .uri("/api/rooms/{room}/gifts", room)
                        .header("Idempotency-Key", key)
                        .contentType(MediaType.APPLICATION_JSON)
                        .bodyValue(body("rose", 1))
                        .exchange(),
                HttpStatus.UNAUTHORIZED,
                "unauthorized");
        expectProblem(
                web.post()
                        .uri("/api/rooms/{room}/gifts", room)
                        .header(HttpHeaders.AUTHORIZATION, "Bearer " + token + "x")
                        .header("Idempotency-Key", key)
                        .contentType(MediaType.APPLICATION_JSON)
                        .bodyValue(body("rose", 1))
                        .exchange(),
                HttpStatus.UNAUTHORIZED,
                "unauthorized");

        setRoomState(room, "closed");
        expectProblem(send(token, room, key, body("rose", 1)), HttpStatus.CONFLICT, "room_closed");
        setRoomState(room, "live");

        // the key of the refused request is free again, and the room's stream starts at 1
        String giftId = sendOk(token, room, key, body("rose", 1));
        List<JsonNode> gifts = awaitGifts(room, 1);
        assertThat(gifts).hasSize(1);
        assertThat(gifts.get(0).get("giftId").asString()).isEqualTo(giftId);
        assertThat(gifts.get(0).get("seq").asLong()).isEqualTo(1);
        Long keys = redis.keys("gift:idem:{" + sender + "}:*").count().block(Duration.ofSeconds(5));
        assertThat(keys).isEqualTo(1);
    }

    @Test
    void theCatalogComesFromConfiguration() {
        web.get()
                .uri("/api/gifts/catalog")
                .header(HttpHeaders.AUTHORIZATION, "Bearer " + token)
                .exchange()
                .expectStatus()
                .isOk()
                .expectBody()
                .jsonPath("$[0].id")
                .isEqualTo("rose")
                .jsonPath("$[0].maxAmount")
                .isEqualTo(999)
                .jsonPath("$[?(@.id == 'rocket')].maxAmount")
                .isEqualTo(10);
    }

    private static void expectProblem(WebTestClient.ResponseSpec response, HttpStatus status, String code) {
        response.expectStatus()
                .isEqualTo(status)
                .expectHeader()
                .contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON)
                .expectBody()
                .jsonPath("$.status")
                .isEqualTo(status.value())
                .jsonPath("$.code")
                .isEqualTo(code)
                .jsonPath("$.title")
                .exists()
                .jsonPath("$.detail")
                .exists();
    }
}
