package io.chorus.gift.pull;

import static org.assertj.core.api.Assertions.assertThat;

import io.chorus.gift.support.ChannelSubscriber;
import io.chorus.gift.support.GiftIntegrationTest;
import io.chorus.gift.support.Poll;
import io.chorus.protocol.Channels;
import io.chorus.protocol.RedisKeys;
import io.chorus.test.TestTokens;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import reactor.core.publisher.Flux;
import tools.jackson.databind.JsonNode;

/** Pulling missed gifts, the streamer's inbox and cursor, the leaderboard, the recipient's notification. */
class GiftPullIntegrationTests extends GiftIntegrationTest {

    private final String sender = unique("user");
    private final String token = TestTokens.user(sender);

    @Test
    void pagesAreOldestFirstAndChainByLastSeq() {
        String room = liveRoom("streamer-1");
        for (int i = 0; i < 7; i++) {
            sendOk(token, room, unique("k"), body("rose", i + 1));
        }
        awaitGifts(room, 7);

        JsonNode first = page(room, 0, 3);
        assertThat(seqs(list(first.get("gifts")))).containsExactly(1L, 2L, 3L);
        assertThat(first.get("lastSeq").asLong()).isEqualTo(3);
        assertThat(first.get("hasMore").asBoolean()).isTrue();
        assertThat(first.get("gifts").get(0).get("amount").asLong()).isEqualTo(1);
        assertThat(first.get("gifts").get(0).get("gift").asString()).isEqualTo("rose");
        assertThat(first.get("gifts").get(0).get("from").asString()).isEqualTo(sender);
        assertThat(first.get("gifts").get(0).get("to").asString()).isEqualTo("streamer-1");
        assertThat(first.get("gifts").get(0).get("ts").asLong()).isPositive();

        JsonNode second = page(room, 3, 3);
        assertThat(seqs(list(second.get("gifts")))).containsExactly(4L, 5L, 6L);
        JsonNode third = page(room, 6, 3);
        assertThat(seqs(list(third.get("gifts")))).containsExactly(7L);
        assertThat(third.get("hasMore").asBoolean()).isFalse();
        JsonNode empty = page(room, 7, 3);
        assertThat(empty.get("gifts")).isEmpty();
        assertThat(empty.get("lastSeq").asLong()).isEqualTo(7);

        assertThat(seqs(pullAll(room, 2))).isEqualTo(oneTo(7));
        assertThat(page(unique("nobody"), 0, 10).get("lastSeq").asLong()).isZero();
    }

    @Test
    void badPullParametersAreProblems() {
        String room = liveRoom("streamer-1");
        for (String query : List.of("after=-1", "limit=0", "limit=1001", "after=abc")) {
            web.get()
                    .uri("/api/rooms/" + room + "/gifts?" + query)
                    .header(HttpHeaders.AUTHORIZATION, "Bearer " + token)
                    .exchange()
                    .expectStatus()
                    .isBadRequest()
                    .expectBody()
                    .jsonPath("$.code")
                    .isEqualTo("bad_request");
        }
        web.get().uri("/api/rooms/" + room + "/gifts").exchange().expectStatus().isUnauthorized();
    }

    @Test
    void theStreamersInboxCollectsGiftsFromEveryRoomDenselyWithAnAckCursor() {
        String streamer = unique("streamer");
        String streamerToken = TestTokens.user(streamer, "streamer");
        String roomA = liveRoom(streamer);
        String roomB = liveRoom(streamer);
        String other = liveRoom("someone-else");

        Flux.range(0, 20)
                .flatMap(i -> sendAsync(i % 2 == 0 ? roomA : roomB, body("heart", 1)), 8)
                .then()
                .block(Duration.ofSeconds(60));
        sendOk(token, other, unique("k"), body("rose", 1));
        sendOk(token, other, unique("k"), body("rose", 2, streamer));

        JsonNode inbox = Poll.until(
                () -> inbox(streamerToken, 0, 100), page -> page.get("gifts").size() >= 21, SEQUENCED);
        List<JsonNode> gifts = list(inbox.get("gifts"));
        assertThat(seqs(gifts)).isEqualTo(oneTo(21));
        assertThat(gifts.stream().map(g -> g.get("giftId").asString()).distinct())
                .hasSize(21);
        assertThat(gifts).allMatch(g -> g.get("roomSeq").asLong() >= 1);
        assertThat(gifts.stream()
                        .filter(g -> g.get("room").asString().equals(other))
                        .toList())
                .singleElement()
                .satisfies(g -> assertThat(g.get("amount").asLong()).isEqualTo(2));
        assertThat(inbox.get("ackedSeq").asLong()).isZero();

        assertThat(seqs(list(inbox(streamerToken, 19, 100).get("gifts")))).containsExactly(20L, 21L);

        ack(streamerToken, 5)
                .expectStatus()
                .isOk()
                .expectBody()
                .jsonPath("$.ackedSeq")
                .isEqualTo(5);
        ack(streamerToken, 3)
                .expectStatus()
                .isOk()
                .expectBody()
                .jsonPath("$.ackedSeq")
                .isEqualTo(5);
        ack(streamerToken, 99)
                .expectStatus()
                .isBadRequest()
                .expectBody()
                .jsonPath("$.code")
                .isEqualTo("bad_request");
        ack(streamerToken, -1).expectStatus().isBadRequest();
        web.get()
                .uri("/api/me/gifts/cursor")
                .header(HttpHeaders.AUTHORIZATION, "Bearer " + streamerToken)
                .exchange()
                .expectStatus()
                .isOk()
                .expectBody()
                .jsonPath("$.ackedSeq")
                .isEqualTo(5);
        assertThat(inbox(streamerToken, 0, 100).get("ackedSeq").asLong()).isEqualTo(5);
        // someone else's inbox is theirs alone
        assertThat(inbox(token, 0, 100).get("gifts")).isEmpty();
    }

    @Test
    void theRecipientsDevicesAreNotifiedThroughTheirInstanceChannels() {
        String streamer = unique("streamer");
        String room = liveRoom(streamer);
        String instance = unique("instance");
        redis.opsForSet().add(RedisKeys.INSTANCES, instance).block(Duration.ofSeconds(5));
        try (var subscriber = ChannelSubscriber.sharded(redisHost(), redisPort(), Channels.instance(instance))) {
            sendOk(token, room, unique("k"), body("rocket", 1));
            sendOk(token, room, unique("k"), body("rocket", 2));

            List<JsonNode> mine = Poll.until(
                    () -> subscriber.messages().stream()
                            .map(JSON::readTree)
                            .filter(d -> d.get("users").get(0).asString().equals(streamer))
                            .toList(),
                    found -> !found.isEmpty()
                            && found.get(found.size() - 1)
                                            .get("frame")
                                            .get("seq")
                                            .asLong()
                                    == 2,
                    SEQUENCED);
            // one notify per stored run: "the inbox has gifts up to seq", so 1 then 2, or just 2
            assertThat(mine).allSatisfy(delivery -> {
                assertThat(delivery.get("users")).hasSize(1);
                assertThat(delivery.get("frame").get("type").asString()).isEqualTo("notify");
                assertThat(delivery.get("frame").get("conv").asString()).isEqualTo("gifts");
            });
            List<Long> notified =
                    mine.stream().map(d -> d.get("frame").get("seq").asLong()).toList();
            assertThat(notified).isIn(List.of(1L, 2L), List.of(2L));
        } finally {
            redis.opsForSet().remove(RedisKeys.INSTANCES, instance).block(Duration.ofSeconds(5));
        }
    }

    @Test
    void theLeaderboardRanksGiftersByValue() {
        String room = liveRoom("streamer-1");
        String big = unique("big");
        sendOk(token, room, unique("k"), body("rose", 3)); // 3 x 1
        sendOk(TestTokens.user(big), room, unique("k"), body("star", 2)); // 2 x 20
        sendOk(token, room, unique("k"), body("heart", 1)); // 1 x 5
        awaitGifts(room, 3);

        JsonNode board = JSON.readTree(Poll.until(
                () -> web.get()
                        .uri("/api/rooms/{room}/gifts/leaderboard", room)
                        .header(HttpHeaders.AUTHORIZATION, "Bearer " + token)
                        .exchange()
                        .expectStatus()
                        .isOk()
                        .expectBody(String.class)
                        .returnResult()
                        .getResponseBody(),
                text -> JSON.readTree(text).get("entries").size() == 2 && text.contains("\"score\":8"),
                SEQUENCED));
        List<JsonNode> entries = list(board.get("entries"));
        assertThat(entries.get(0).get("user").asString()).isEqualTo(big);
        assertThat(entries.get(0).get("score").asLong()).isEqualTo(40);
        assertThat(entries.get(0).get("rank").asInt()).isEqualTo(1);
        assertThat(entries.get(0).get("name").asString()).isEqualTo("Name of " + big);
        assertThat(entries.get(1).get("user").asString()).isEqualTo(sender);
        assertThat(entries.get(1).get("score").asLong()).isEqualTo(8);
    }

    private reactor.core.publisher.Mono<String> sendAsync(String room, String body) {
        return client().post()
                .uri("/api/rooms/{room}/gifts", room)
                .header(HttpHeaders.AUTHORIZATION, "Bearer " + token)
                .header("Idempotency-Key", UUID.randomUUID().toString())
                .contentType(MediaType.APPLICATION_JSON)
                .bodyValue(body)
                .retrieve()
                .bodyToMono(String.class);
    }

    private JsonNode page(String room, long after, int limit) {
        return JSON.readTree(web.get()
                .uri("/api/rooms/{room}/gifts?after={after}&limit={limit}", room, after, limit)
                .header(HttpHeaders.AUTHORIZATION, "Bearer " + token)
                .exchange()
                .expectStatus()
                .isOk()
                .expectBody(String.class)
                .returnResult()
                .getResponseBody());
    }

    private JsonNode inbox(String bearer, long after, int limit) {
        return JSON.readTree(web.get()
                .uri("/api/me/gifts?after={after}&limit={limit}", after, limit)
                .header(HttpHeaders.AUTHORIZATION, "Bearer " + bearer)
                .exchange()
                .expectStatus()
                .isOk()
                .expectBody(String.class)
                .returnResult()
                .getResponseBody());
    }

    private org.springframework.test.web.reactive.server.WebTestClient.ResponseSpec ack(String bearer, long seq) {
        return web.put()
                .uri("/api/me/gifts/cursor")
                .header(HttpHeaders.AUTHORIZATION, "Bearer " + bearer)
                .contentType(MediaType.APPLICATION_JSON)
                .bodyValue("{\"seq\":" + seq + "}")
                .exchange();
    }

    private static List<JsonNode> list(JsonNode array) {
        List<JsonNode> items = new java.util.ArrayList<>();
        array.forEach(items::add);
        return items;
    }
}
