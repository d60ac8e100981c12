package io.chorus.gift.leaderboard;

import static org.assertj.core.api.Assertions.assertThat;

import io.chorus.gift.support.GiftIntegrationTest;
import io.chorus.gift.support.Poll;
import io.chorus.test.TestTokens;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.http.HttpHeaders;
import tools.jackson.databind.JsonNode;

/** A leaderboard Redis lost is rebuilt from the room's gifts in Cassandra, exactly, and kept exact afterwards. */
class LeaderboardRebuildIntegrationTests extends GiftIntegrationTest {

    private static final Duration WAIT = Duration.ofSeconds(30);

    private void sendAs(String user, String room, String gift, long amount) {
        sendOk(TestTokens.user(user), room, UUID.randomUUID().toString(), body(gift, amount));
    }

    private Map<String, Long> board(String room) {
        JsonNode board = JSON.readTree(web.get()
                .uri("/api/rooms/{room}/gifts/leaderboard", room)
                .header(HttpHeaders.AUTHORIZATION, "Bearer " + TestTokens.user("reader"))
                .exchange()
                .expectStatus()
                .isOk()
                .expectBody(String.class)
                .returnResult()
                .getResponseBody());
        Map<String, Long> scores = new LinkedHashMap<>();
        board.get("entries")
                .forEach(entry -> scores.put(
                        entry.get("user").asString(), entry.get("score").asLong()));
        return scores;
    }

    private void loseTheBoard(String room) {
        redis.delete(LeaderboardKeys.countedUpTo(room), LeaderboardKeys.leaders(room), LeaderboardKeys.names(room))
                .block(Duration.ofSeconds(5));
    }

    @Test
    void aLostBoardIsRebuiltOnTheNextRead() {
        String room = liveRoom("streamer-lb1");
        sendAs("ann", room, "rose", 3); // 3
        sendAs("bob", room, "heart", 2); // 10
        sendAs("ann", room, "star", 1); // 20
        awaitGifts(room, 3);
        Poll.until(() -> board(room), scores -> scores.equals(Map.of("ann", 23L, "bob", 10L)), WAIT);

        loseTheBoard(room);

        assertThat(board(room)).containsExactly(Map.entry("ann", 23L), Map.entry("bob", 10L));
        assertThat(redis.opsForValue().get(LeaderboardKeys.countedUpTo(room)).block(Duration.ofSeconds(5)))
                .isEqualTo("3");
    }

    @Test
    void aGiftArrivingAfterTheBoardWasLostTriggersARebuildThatCountsEveryGiftOnce() {
        String room = liveRoom("streamer-lb2");
        sendAs("ann", room, "rose", 5); // 5
        sendAs("bob", room, "rose", 1); // 1
        awaitGifts(room, 2);
        Poll.until(() -> board(room), scores -> scores.equals(Map.of("ann", 5L, "bob", 1L)), WAIT);

        loseTheBoard(room);
        sendAs("bob", room, "rocket", 1); // 500
        awaitGifts(room, 3);

        Double bob = Poll.until(
                () -> redis.opsForZSet()
                        .score(LeaderboardKeys.leaders(room), "bob")
                        .defaultIfEmpty(0.0)
                        .block(Duration.ofSeconds(5)),
                score -> score == 501.0,
                WAIT);
        assertThat(bob).isEqualTo(501.0);
        assertThat(board(room)).containsExactly(Map.entry("bob", 501L), Map.entry("ann", 5L));
    }

    @Test
    void aRoomWithoutGiftsHasAnEmptyBoardAndNothingIsWritten() {
        String room = liveRoom("streamer-lb3");

        assertThat(board(room)).isEmpty();
        assertThat(redis.hasKey(LeaderboardKeys.countedUpTo(room)).block(Duration.ofSeconds(5)))
                .isFalse();
    }
}
