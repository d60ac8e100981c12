package io.chorus.room.chat;

import static org.assertj.core.api.Assertions.assertThat;

import io.chorus.protocol.ChatSubmitted;
import io.chorus.protocol.Priority;
import io.chorus.protocol.RoomMessage;
import io.chorus.room.aggregation.RedisWindowPublisher;
import io.chorus.room.aggregation.WindowPublisher;
import io.chorus.room.store.RoomKeys;
import io.chorus.room.support.RoomChannelListener;
import io.chorus.room.support.RoomIntegrationTest;
import io.chorus.test.TestTokens;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.data.redis.core.StringRedisTemplate;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.test.web.reactive.server.WebTestClient;

/**
 * Chat ingestion is idempotent by the client's message id (REST {@code Idempotency-Key}, the internal API's
 * {@code clientMsgId} from a {@code chat} frame's {@code id}): a retry of an accepted message gets the original
 * ack, spends no rate-limit token and is never delivered a second time. Against real Redis.
 */
class IdempotentChatIntegrationTests extends RoomIntegrationTest {

    @Autowired
    StringRedisTemplate redis;

    @Autowired
    RedisWindowPublisher publisher;

    @Test
    void aRetryWithTheSameIdempotencyKeyGetsTheOriginalAckAndIsDeliveredOnce() {
        String room = createRoom("streamer-1");
        String viewer = TestTokens.user("retrying-viewer");
        try (RoomChannelListener listener = listen(room)) {
            Map<?, ?> first = ack(post(room, viewer, "key-1", "hello once"), 202);
            assertThat(first.get("shed")).isEqualTo(false);
            String msgId = (String) first.get("msgId");
            listener.await(f -> f.json().contains(msgId), DELIVERY);

            // more retries than the viewer's bucket holds (5): none is rate limited, all answer the original
            for (int i = 0; i < 8; i++) {
                Map<?, ?> again = ack(post(room, viewer, "key-1", "hello once"), 202);
                assertThat(again.get("msgId")).isEqualTo(msgId);
                assertThat(again.get("shed")).isEqualTo(false);
            }
            // a new message of the same viewer is still admitted: the retries spent no token
            Map<?, ?> other = ack(post(room, viewer, "key-2", "hello twice"), 202);
            assertThat(other.get("msgId")).isNotEqualTo(msgId);
            listener.await(f -> f.json().contains("hello twice"), DELIVERY);

            assertThat(delivered(listener, "hello once")).isEqualTo(1);
            assertThat(recentTexts(room)).containsOnlyOnce("hello once");
        }
    }

    @Test
    void theSameIdempotencyKeyWithAnotherTextIsAConflict() {
        String room = createRoom("streamer-1");
        String viewer = TestTokens.user("confused-viewer");
        ack(post(room, viewer, "key-1", "first text"), 202);
        expectProblem(post(room, viewer, "key-1", "second text"), 409, "conflict");
        // another user may use the same key: keys are per sender
        ack(post(room, TestTokens.user("other-viewer"), "key-1", "second text"), 202);
        expectProblem(post(room, viewer, "bad key with spaces", "x"), 400, "bad_request");
    }

    @Test
    void theInternalApiDeduplicatesByClientMsgIdAndTreatsAnotherTextAsANewMessage() {
        String room = createRoom("streamer-1");
        String service = TestTokens.bearer(TestTokens.user("connection", "service"));
        try (RoomChannelListener listener = listen(room)) {
            Map<?, ?> first = internal(room, service, new ChatSubmitted(room, "ws-user", "W", List.of(), "ws hi", "7"));
            Map<?, ?> retry = internal(room, service, new ChatSubmitted(room, "ws-user", "W", List.of(), "ws hi", "7"));
            assertThat(retry).isEqualTo(first);
            // a WebSocket client may reuse a request id for another message: that is a new message
            Map<?, ?> reused =
                    internal(room, service, new ChatSubmitted(room, "ws-user", "W", List.of(), "ws other", "7"));
            assertThat(reused.get("msgId")).isNotEqualTo(first.get("msgId"));
            listener.await(f -> f.json().contains("ws other"), DELIVERY);
            listener.await(f -> f.json().contains("ws hi"), DELIVERY);
            assertThat(delivered(listener, "ws hi")).isEqualTo(1);
        }
    }

    @Test
    void aMessageWhoseRecordARetryTookOverIsNeitherDeliveredNorCounted() {
        String room = createRoom("streamer-1");
        String record = RoomKeys.idempotency(room, "late-user", "c-1");
        // a retry took the client message over: its record names the retry's message
        redis.opsForHash().putAll(record, Map.of("m", "retryid", "f", "x", "s", "p", "u", "0"));
        long now = System.currentTimeMillis();
        RoomMessage lateLow = new RoomMessage("lateid", "late-user", "L", "late text", now, Priority.LOW);
        RoomMessage lateHigh = new RoomMessage("latehigh", "late-user", "L", "late high", now, Priority.HIGH);
        RoomMessage plain = new RoomMessage("plainid", "u2", "P", "plain text", now + 1, Priority.LOW);
        try (RoomChannelListener listener = listen(room)) {
            WindowPublisher.Outcome outcome = publisher
                    .publish(
                            room,
                            20,
                            5,
                            List.of(lateHigh),
                            List.of(lateLow, plain),
                            Map.of(lateLow.msgId(), record, lateHigh.msgId(), record))
                    .block(Duration.ofSeconds(10));
            assertThat(outcome.superseded()).containsExactlyInAnyOrder("lateid", "latehigh");
            assertThat(outcome.granted()).isEqualTo(1);
            listener.await(f -> f.json().contains("plain text"), DELIVERY);
            assertThat(listener.frames()).noneMatch(f -> f.json().contains("late"));
            assertThat(redis.opsForHash().get(record, "s")).isEqualTo("p");
        }
        assertThat(recentTexts(room)).containsExactly("plain text");
    }

    @Test
    void aRetryAfterItsRecordWasDecidedShedGetsShedTrue() {
        String room = createRoom("streamer-1");
        String viewer = TestTokens.user("shed-viewer");
        String text = "was shed";
        String record = RoomKeys.idempotency(room, "shed-viewer", "k");
        redis.opsForHash()
                .putAll(record, Map.of("m", "shedid", "f", ClientMessageIds.fingerprint(text), "s", "s", "u", "0"));
        Map<?, ?> answer = ack(post(room, viewer, "k", text), 202);
        assertThat(answer.get("msgId")).isEqualTo("shedid");
        assertThat(answer.get("shed")).isEqualTo(true);
    }

    private WebTestClient.ResponseSpec post(String room, String token, String key, String text) {
        return web.post()
                .uri("/api/rooms/{id}/messages", room)
                .header(HttpHeaders.AUTHORIZATION, TestTokens.bearer(token))
                .header("Idempotency-Key", key)
                .contentType(MediaType.APPLICATION_JSON)
                .bodyValue(Map.of("text", text))
                .exchange();
    }

    private Map<?, ?> internal(String room, String bearer, ChatSubmitted body) {
        return web.post()
                .uri("/internal/rooms/{room}/messages", room)
                .header(HttpHeaders.AUTHORIZATION, bearer)
                .contentType(MediaType.APPLICATION_JSON)
                .bodyValue(body)
                .exchange()
                .expectStatus()
                .isOk()
                .expectBody(Map.class)
                .returnResult()
                .getResponseBody();
    }

    private static Map<?, ?> ack(WebTestClient.ResponseSpec response, int status) {
        return response.expectStatus()
                .isEqualTo(status)
                .expectBody(Map.class)
                .returnResult()
                .getResponseBody();
    }

    static long delivered(RoomChannelListener listener, String text) {
        return listener.frames("room.batch").stream()
                .flatMap(f -> f.frame().get("msgs").valueStream())
                .filter(m -> text.equals(m.get("text").stringValue()))
                .count();
    }

    private List<String> recentTexts(String room) {
        List<String> json = redis.opsForList().range(io.chorus.protocol.RedisKeys.roomRecent(room), 0, -1);
        return json.stream()
                .map(each -> each.replaceAll(".*\"text\":\"([^\"]*)\".*", "$1"))
                .toList();
    }
}
