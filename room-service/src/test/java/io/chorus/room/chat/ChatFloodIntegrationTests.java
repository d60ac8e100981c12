package io.chorus.room.chat;

import static org.assertj.core.api.Assertions.assertThat;

import io.chorus.room.shedding.ChatMetrics;
import io.chorus.room.support.ChatLoad;
import io.chorus.room.support.RoomChannelListener;
import io.chorus.room.support.RoomIntegrationTest;
import io.chorus.test.TestTokens;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.HttpHeaders;

/**
 * A chat explosion: 500 messages per second into one room for four seconds, from 500 viewers plus the
 * streamer and moderators. A subscriber of the room channel (standing in for the connection tier) gets at
 * most the budget of chatter in any second and every high-priority message; every sender learns exactly
 * whether its message was shed; sheds are counted.
 */
class ChatFloodIntegrationTests extends RoomIntegrationTest {

    private static final int BUDGET = 20;

    @Autowired
    MeterRegistry meters;

    @Test
    void fiveHundredMessagesPerSecondReachTheRoomWithinItsBudgetAndHighPriorityIsNeverShed() {
        String room = createRoom("streamer-1");
        List<String> viewers = IntStream.range(0, 500)
                .mapToObj(i -> TestTokens.user("flood-viewer-" + i))
                .toList();
        List<String> high = List.of(
                TestTokens.user("streamer-1", "streamer"),
                TestTokens.user("mod-1", "moderator"),
                TestTokens.user("mod-2", "moderator"));
        double shedBefore = shed("budget", "low");
        double shedHighBefore = meters.get(ChatMetrics.SHED).tag("prio", "high").counters().stream()
                .mapToDouble(c -> c.count())
                .sum();

        List<ChatLoad.Answer> answers;
        List<RoomChannelListener.Delivered> delivered;
        List<RoomChannelListener.Received> frames;
        try (RoomChannelListener listener = listen(room)) {
            answers = new ChatLoad(List.of("http://localhost:" + port), room, viewers, high)
                    .run(500, Duration.ofSeconds(4), 125);
            sleep(Duration.ofMillis(500));
            delivered = listener.delivered();
            frames = listener.frames("room.batch");
        }

        // every message is accepted; on a starved machine a few may get 503 unavailable (Redis or the window
        // did not answer in time), a clear answer the sender retries; nothing else
        assertThat(answers).hasSize(2_000).allSatisfy(a -> assertThat(a.accepted() || a.unavailable())
                .as("202 or 503 unavailable: %s", a)
                .isTrue());
        long unavailable = answers.stream().filter(ChatLoad.Answer::unavailable).count();
        assertThat(unavailable).isLessThanOrEqualTo(100);
        List<ChatLoad.Answer> accepted =
                answers.stream().filter(ChatLoad.Answer::accepted).toList();
        Set<String> highIds = ids(accepted, a -> a.high());
        Set<String> lowKept = ids(accepted, a -> !a.high() && !a.shed());
        Set<String> lowShed = ids(accepted, a -> !a.high() && a.shed());
        assertThat(highIds.size()
                        + answers.stream()
                                .filter(a -> a.high() && a.unavailable())
                                .count())
                .isEqualTo(16);
        assertThat(accepted).filteredOn(ChatLoad.Answer::high).allSatisfy(a -> assertThat(a.shed())
                .isFalse());

        // every accepted high-priority message arrives; exactly the chatter acked as not shed arrives (plus at
        // most the messages whose answer was 503 although their window was published after all)
        Set<String> deliveredHigh = delivered.stream()
                .filter(d -> d.prio().equals("high"))
                .map(RoomChannelListener.Delivered::msgId)
                .collect(Collectors.toSet());
        Set<String> deliveredLow = delivered.stream()
                .filter(d -> d.prio().equals("low"))
                .map(RoomChannelListener.Delivered::msgId)
                .collect(Collectors.toSet());
        assertThat(deliveredHigh).containsAll(highIds);
        assertThat(deliveredLow).containsAll(lowKept);
        assertThat(deliveredHigh.size() - highIds.size() + deliveredLow.size() - lowKept.size())
                .isLessThanOrEqualTo((int) unavailable);
        assertThat(delivered).hasSize(deliveredHigh.size() + deliveredLow.size());

        // never more than the budget of chatter in any second (the server holds it in Redis time over 1.05 s;
        // the subscriber shares a busy JVM on a busy machine, so its arrivals are allowed 200 ms of jitter), nor on
        // average
        List<Long> lowArrivals = delivered.stream()
                .filter(d -> d.prio().equals("low"))
                .map(RoomChannelListener.Delivered::nanos)
                .toList();
        assertThat(RoomChannelListener.maxInAnyWindow(lowArrivals, Duration.ofMillis(800)))
                .isLessThanOrEqualTo(BUDGET);
        long spanNanos = lowArrivals.stream().mapToLong(Long::longValue).max().orElse(0)
                - lowArrivals.stream().mapToLong(Long::longValue).min().orElse(0);
        assertThat(lowArrivals.size()).isLessThanOrEqualTo((int) (BUDGET * (spanNanos / 1e9 + 1)));
        // and the budget is used, not wasted
        assertThat(lowKept.size()).isGreaterThanOrEqualTo(40);
        assertThat(lowShed).hasSize(accepted.size() - highIds.size() - lowKept.size());

        // one batch per priority per window: no batch mixes priorities, at most one of each per window
        assertThat(frames).allSatisfy(frame -> assertThat(frame.frame()
                        .get("msgs")
                        .valueStream()
                        .map(m -> m.get("prio").stringValue())
                        .distinct()
                        .count())
                .isEqualTo(1));
        List<Long> lowBatches = frames.stream()
                .filter(f ->
                        f.frame().get("msgs").get(0).get("prio").stringValue().equals("low"))
                .map(RoomChannelListener.Received::nanos)
                .toList();
        long batchSpanMillis = (lowBatches.stream()
                                .mapToLong(Long::longValue)
                                .max()
                                .orElse(0)
                        - lowBatches.stream().mapToLong(Long::longValue).min().orElse(0))
                / 1_000_000;
        assertThat(lowBatches.size()).isLessThanOrEqualTo((int) (batchSpanMillis / 50) + 1);

        // sheds are counted by reason, and nothing high was shed
        assertThat(shed("budget", "low") - shedBefore)
                .isBetween((double) lowShed.size(), (double) lowShed.size() + unavailable);
        assertThat(meters.get(ChatMetrics.SHED).tag("prio", "high").counters().stream()
                        .mapToDouble(c -> c.count())
                        .sum())
                .isEqualTo(shedHighBefore);
        web.get()
                .uri("/actuator/shedding")
                .header(HttpHeaders.AUTHORIZATION, TestTokens.bearer(TestTokens.user("admin-1", "admin")))
                .exchange()
                .expectStatus()
                .isOk()
                .expectBody(Map.class)
                .value(view -> {
                    assertThat(view.get("budgetPerSecond")).isEqualTo(BUDGET);
                    assertThat(((Number) view.get("shedTotal")).longValue()).isGreaterThanOrEqualTo(lowShed.size());
                    assertThat((Map<String, Object>) view.get("shed")).containsKeys("budget", "overload", "closed");
                });

        // the route layer adds about one window: acceptance to arrival at the subscriber
        List<Long> latencies =
                delivered.stream().map(d -> d.millis() - d.ts()).sorted().toList();
        long p50 = latencies.get(latencies.size() / 2);
        assertThat(p50).isLessThan(250);
    }

    private double shed(String reason, String prio) {
        return meters.get(ChatMetrics.SHED)
                .tag("reason", reason)
                .tag("prio", prio)
                .counter()
                .count();
    }

    private static Set<String> ids(List<ChatLoad.Answer> answers, java.util.function.Predicate<ChatLoad.Answer> which) {
        return answers.stream().filter(which).map(ChatLoad.Answer::msgId).collect(Collectors.toSet());
    }

    private static void sleep(Duration duration) {
        try {
            Thread.sleep(duration.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
