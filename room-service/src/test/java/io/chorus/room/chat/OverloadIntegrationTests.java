package io.chorus.room.chat;

import static org.assertj.core.api.Assertions.assertThat;

import io.chorus.room.shedding.ChatMetrics;
import io.chorus.room.support.RoomIntegrationTest;
import io.chorus.room.support.Tokens;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.ResponseEntity;
import org.springframework.test.context.TestPropertySource;
import reactor.core.publisher.Flux;

/**
 * The instance guard: with room for only two chatter messages in flight, a burst of chatter is shed at once
 * (ack {@code shed: true}, reason {@code overload}) while high-priority messages still get through.
 */
@TestPropertySource(properties = "resilience4j.bulkhead.instances.chat-low.max-concurrent-calls=2")
class OverloadIntegrationTests extends RoomIntegrationTest {

    @Autowired
    MeterRegistry meters;

    @Test
    void anOverloadedInstanceShedsChatterFirstAndKeepsHighPriority() {
        String room = createRoom("streamer-1");
        double overloadBefore = overloadShed();

        List<ResponseEntity<String>> low = Flux.range(0, 30)
                .flatMap(i -> chatAsync(room, Tokens.mint("busy-viewer-" + i), "chatter " + i))
                .collectList()
                .block(Duration.ofSeconds(30));
        List<ResponseEntity<String>> high = Flux.range(0, 10)
                .flatMap(i -> chatAsync(room, Tokens.mint("mod-" + i, "moderator"), "important " + i))
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

    private double overloadShed() {
        return meters.get(ChatMetrics.SHED)
                .tag("reason", "overload")
                .tag("prio", "low")
                .counter()
                .count();
    }
}
