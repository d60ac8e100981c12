package io.chorus.room.chat;

import static org.assertj.core.api.Assertions.assertThat;

import io.chorus.room.shedding.ChatMetrics;
import io.chorus.room.support.RoomIntegrationTest;
import io.chorus.test.TestTokens;
import io.github.resilience4j.bulkhead.Bulkhead;
import io.github.resilience4j.bulkhead.BulkheadRegistry;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.test.context.TestPropertySource;
import reactor.core.publisher.Flux;

/**
 * The instance guard: with room for only two chatter messages in flight, a burst of chatter is shed at once
 * (ack {@code shed: true}, reason {@code overload}) while high-priority messages still get through; a banned
 * sender still gets {@code banned}, never {@code shed}.
 */
@TestPropertySource(properties = "resilience4j.bulkhead.instances.chat-low.max-concurrent-calls=2")
class OverloadIntegrationTests extends RoomIntegrationTest {

    @Autowired
    MeterRegistry meters;

    @Autowired
    BulkheadRegistry bulkheads;

    @Test
    void anOverloadedInstanceShedsChatterFirstAndKeepsHighPriority() {
        String room = createRoom("streamer-1");
        double overloadBefore = overloadShed();

        List<ResponseEntity<String>> low = Flux.range(0, 30)
                .flatMap(i -> chatAsync(room, TestTokens.user("busy-viewer-" + i), "chatter " + i))
                .collectList()
                .block(Duration.ofSeconds(30));
        List<ResponseEntity<String>> high = Flux.range(0, 10)
                .flatMap(i -> chatAsync(room, TestTokens.user("mod-" + i, "moderator"), "important " + i))
                .collectList()
                .block(Duration.ofSeconds(30));

        assertThat(low)
                .allSatisfy(answer -> assertThat(answer.getStatusCode().value()).isEqualTo(202));
        long shedAtOnce = low.stream()
                .filter(answer -> answer.getBody().contains("\"shed\":true"))
                .count();
        assertThat(shedAtOnce).isGreaterThan(0);
        assertThat(overloadShed() - overloadBefore).isGreaterThan(0);
        assertThat(high).allSatisfy(answer -> {
            assertThat(answer.getStatusCode().value()).isEqualTo(202);
            assertThat(answer.getBody()).contains("\"shed\":false");
        });
    }

    @Test
    void aBannedOrTimedOutUserIsToldSoEvenWhenChatterIsShedForOverload() {
        String room = createRoom("streamer-1");
        String streamer = TestTokens.bearer(TestTokens.user("streamer-1", "streamer"));
        web.post()
                .uri("/api/rooms/{id}/bans/{user}", room, "banned-troll")
                .header(HttpHeaders.AUTHORIZATION, streamer)
                .exchange()
                .expectStatus()
                .isOk();
        web.post()
                .uri("/api/rooms/{id}/bans/{user}", room, "timed-out")
                .header(HttpHeaders.AUTHORIZATION, streamer)
                .contentType(MediaType.APPLICATION_JSON)
                .bodyValue(Map.of("durationSeconds", 600))
                .exchange()
                .expectStatus()
                .isOk();
        Bulkhead low = bulkheads.bulkhead("chat-low");
        int held = 0;
        while (low.tryAcquirePermission()) {
            held++;
        }
        try {
            assertThat(low.getMetrics().getAvailableConcurrentCalls()).isZero();
            double overloadBefore = overloadShed();
            expectProblem(chat(room, TestTokens.user("banned-troll"), "let me in"), 403, "banned");
            expectProblem(chat(room, TestTokens.user("timed-out"), "let me in"), 403, "banned");
            expectProblem(
                    chat("no-such-room-" + System.nanoTime(), TestTokens.user("viewer-x"), "hi"),
                    404,
                    "room_not_found");
            // a viewer in good standing is shed at once, the overload is real
            chat(room, TestTokens.user("good-viewer"), "hello")
                    .expectStatus()
                    .isAccepted()
                    .expectBody()
                    .jsonPath("$.shed")
                    .isEqualTo(true);
            assertThat(overloadShed() - overloadBefore).isEqualTo(1.0);
        } finally {
            for (int i = 0; i < held; i++) {
                low.onComplete();
            }
        }
    }

    private double overloadShed() {
        return meters.get(ChatMetrics.SHED)
                .tag("reason", "overload")
                .tag("prio", "low")
                .counter()
                .count();
    }
}
