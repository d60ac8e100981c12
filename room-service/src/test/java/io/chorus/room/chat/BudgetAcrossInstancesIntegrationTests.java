package io.chorus.room.chat;

import static org.assertj.core.api.Assertions.assertThat;

import io.chorus.room.RoomServiceApplication;
import io.chorus.room.support.ChatLoad;
import io.chorus.room.support.RoomChannelListener;
import io.chorus.room.support.RoomIntegrationTest;
import io.chorus.test.TestTokens;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * Two room-service instances receive the same room's chat: the room's budget holds for the room as a whole,
 * because both spend from one per-room budget in Redis at the moment they publish.
 */
class BudgetAcrossInstancesIntegrationTests extends RoomIntegrationTest {

    private static final int BUDGET = 20;
    private static ConfigurableApplicationContext second;

    @BeforeAll
    static void noSecondYet() {
        second = null;
    }

    @AfterAll
    static void stopSecond() {
        if (second != null) {
            second.close();
        }
    }

    @Test
    void theBudgetHoldsForTheRoomAsAWholeAcrossInstances() {
        String room = createRoom("streamer-1");
        String secondUrl = "http://localhost:" + startSecondInstance();
        List<String> viewers = IntStream.range(0, 200)
                .mapToObj(i -> TestTokens.user("multi-viewer-" + i))
                .toList();

        List<ChatLoad.Answer> answers;
        List<RoomChannelListener.Delivered> delivered;
        try (RoomChannelListener listener = listen(room)) {
            answers = new ChatLoad(List.of("http://localhost:" + port, secondUrl), room, viewers, List.of())
                    .run(200, Duration.ofSeconds(3), 0);
            sleep(Duration.ofMillis(500));
            delivered = listener.delivered();
        }

        assertThat(answers).hasSize(600).allSatisfy(a -> assertThat(a.accepted() || a.unavailable())
                .as("202 or 503 unavailable: %s", a)
                .isTrue());
        long unavailable = answers.stream().filter(ChatLoad.Answer::unavailable).count();
        assertThat(unavailable).isLessThanOrEqualTo(30);
        answers = answers.stream().filter(ChatLoad.Answer::accepted).toList();
        Set<String> kept = answers.stream()
                .filter(a -> !a.shed())
                .map(ChatLoad.Answer::msgId)
                .collect(Collectors.toSet());
        Set<String> deliveredIds =
                delivered.stream().map(RoomChannelListener.Delivered::msgId).collect(Collectors.toSet());
        assertThat(deliveredIds).containsAll(kept);
        assertThat(deliveredIds.size() - kept.size()).isLessThanOrEqualTo((int) unavailable);
        // both instances delivered and both shed: neither had a budget of its own
        for (int instance = 0; instance < 2; instance++) {
            int parity = instance;
            assertThat(answers)
                    .filteredOn(a -> a.index() % 2 == parity && !a.shed())
                    .isNotEmpty();
            assertThat(answers)
                    .filteredOn(a -> a.index() % 2 == parity && a.shed())
                    .isNotEmpty();
        }
        // at most the budget in any second, not one budget per instance (that would be about twice as many);
        // the subscriber shares a busy JVM on a busy machine, so its arrivals are allowed 200 ms of jitter
        List<Long> arrivals =
                delivered.stream().map(RoomChannelListener.Delivered::nanos).toList();
        assertThat(RoomChannelListener.maxInAnyWindow(arrivals, Duration.ofMillis(800)))
                .isLessThanOrEqualTo(BUDGET);
        long spanNanos = arrivals.stream().mapToLong(Long::longValue).max().orElse(0)
                - arrivals.stream().mapToLong(Long::longValue).min().orElse(0);
        assertThat(kept.size()).isLessThanOrEqualTo((int) (BUDGET * (spanNanos / 1e9 + 1)));
    }

    private int startSecondInstance() {
        second = new SpringApplicationBuilder(RoomServiceApplication.class)
                .run(
                        "--server.port=0",
                        "--chorus.jwt.secret=" + TestTokens.SECRET,
                        "--spring.data.redis.host=" + redisConnectionFactory.getHostName(),
                        "--spring.data.redis.port=" + redisConnectionFactory.getPort(),
                        "--chorus.room.presence.base-url=http://127.0.0.1:9");
        return Integer.parseInt(second.getEnvironment().getProperty("local.server.port"));
    }

    private static void sleep(Duration duration) {
        try {
            Thread.sleep(duration.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
