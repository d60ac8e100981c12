package io.chorus.room.chat;

import static org.assertj.core.api.Assertions.assertThat;

import io.chorus.room.support.RoomChannelListener;
import io.chorus.room.support.RoomIntegrationTest;
import io.chorus.test.TestTokens;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.test.context.TestPropertySource;
import org.springframework.web.reactive.function.client.WebClient;

/**
 * The defect this guards: a sender answered 503 (its ack timed out) while its window was still delivered in
 * Redis retried and was delivered twice. With an ack timeout far below one aggregation window every first
 * answer is a 503 after admission; the client retries with the same key until it gets an ack, and the message
 * reaches the room exactly once, under the msgId that ack names.
 */
@TestPropertySource(properties = {"chorus.room.chat.ack-timeout=1ms", "chorus.room.aggregation.window=200ms"})
class RetryAfterTimeoutIntegrationTests extends RoomIntegrationTest {

    @Test
    void aRetryAfterA503IsNeverDeliveredTwice() throws InterruptedException {
        String room = createRoom("streamer-1");
        String token = TestTokens.user("impatient-viewer");
        try (RoomChannelListener listener = listen(room)) {
            List<Integer> statuses = new ArrayList<>();
            ResponseEntity<Map> answer = null;
            long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
            while (System.nanoTime() < deadline) {
                answer = post(room, token, "retry-key", "exactly once");
                statuses.add(answer.getStatusCode().value());
                if (answer.getStatusCode().value() == 202) {
                    break;
                }
                assertThat(answer.getStatusCode().value()).isEqualTo(503);
                assertThat(answer.getHeaders().getFirst("Retry-After")).isNotNull();
                Thread.sleep(20);
            }
            assertThat(statuses).first().isEqualTo(503);
            assertThat(statuses).last().isEqualTo(202);
            String msgId = (String) answer.getBody().get("msgId");
            assertThat(answer.getBody().get("shed")).isEqualTo(false);
            listener.await(f -> f.json().contains(msgId), DELIVERY);

            // later retries keep answering the same ack
            ResponseEntity<Map> again = post(room, token, "retry-key", "exactly once");
            assertThat(again.getStatusCode().value()).isEqualTo(202);
            assertThat(again.getBody().get("msgId")).isEqualTo(msgId);

            Thread.sleep(500); // a second delivery, if any, would be published within a window or two
            assertThat(IdempotentChatIntegrationTests.delivered(listener, "exactly once"))
                    .isEqualTo(1);
        }
    }

    private ResponseEntity<Map> post(String room, String token, String key, String text) {
        return WebClient.create("http://localhost:" + port)
                .post()
                .uri("/api/rooms/{id}/messages", room)
                .header(HttpHeaders.AUTHORIZATION, TestTokens.bearer(token))
                .header("Idempotency-Key", key)
                .contentType(MediaType.APPLICATION_JSON)
                .bodyValue(Map.of("text", text))
                .exchangeToMono(response -> response.toEntity(Map.class))
                .block(Duration.ofSeconds(15));
    }
}
