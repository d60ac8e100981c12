package io.chorus.room.aggregation;

import static org.assertj.core.api.Assertions.assertThat;

import io.chorus.protocol.ErrorCode;
import io.chorus.protocol.Priority;
import io.chorus.protocol.RoomMessage;
import io.chorus.room.config.TestProperties;
import io.chorus.room.shedding.ChatMetrics;
import io.chorus.room.web.ProblemException;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.test.StepVerifier;

class RoomAggregatorTests {

    private static final AtomicInteger IDS = new AtomicInteger();

    private final InMemoryWindowPublisher publisher = new InMemoryWindowPublisher();
    private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
    /** Long enough that a test's messages all land in one window even on a busy machine. */
    private RoomAggregator aggregator = aggregator(Map.of("chorus.room.aggregation.window", "400ms"));

    @AfterEach
    void stop() {
        aggregator.destroy();
    }

    @Test
    void oneWindowPublishesItsHighAndLowMessagesTogetherOnce() {
        List<Mono<Boolean>> acks = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            acks.add(aggregator.submit("r1", 20, message(Priority.LOW)).cache());
            acks.get(i).subscribe();
        }
        acks.add(aggregator.submit("r1", 20, message(Priority.HIGH)));
        acks.add(aggregator.submit("r1", 20, message(Priority.HIGH)));

        StepVerifier.create(Flux.merge(acks).collectList())
                .assertNext(shed -> assertThat(shed).containsOnly(false).hasSize(5))
                .verifyComplete();
        assertThat(publisher.windows).hasSize(1);
        assertThat(publisher.windows.get(0).high()).hasSize(2);
        assertThat(publisher.windows.get(0).low()).hasSize(3);
    }

    @Test
    void chatterBeyondWhatAWindowCanDeliverIsShedAtOnceAndTheTailGoesFirst() {
        // budget 20/s -> burst 5: a window holds at most 5 chatter candidates
        List<RoomMessage> sent = new ArrayList<>();
        List<Mono<Boolean>> acks = new ArrayList<>();
        for (int i = 0; i < 8; i++) {
            RoomMessage message = message(Priority.LOW);
            sent.add(message);
            Mono<Boolean> ack = aggregator.submit("r1", 20, message).cache();
            ack.subscribe();
            acks.add(ack);
        }

        StepVerifier.create(Flux.concat(acks).collectList())
                .assertNext(
                        shed -> assertThat(shed).containsExactly(false, false, false, false, false, true, true, true))
                .verifyComplete();
        assertThat(publisher.windows).singleElement().satisfies(window -> assertThat(window.low())
                .containsExactlyElementsOf(sent.subList(0, 5)));
        assertThat(shedCount("budget", "low")).isEqualTo(3);
    }

    @Test
    void theBudgetDecidesHowManyChatterMessagesAreDeliveredHighPriorityIsAlwaysKept() {
        publisher.grant = low -> 1;
        Mono<Boolean> low1 = aggregator.submit("r1", 20, message(Priority.LOW)).cache();
        Mono<Boolean> low2 = aggregator.submit("r1", 20, message(Priority.LOW)).cache();
        Mono<Boolean> high = aggregator.submit("r1", 20, message(Priority.HIGH)).cache();
        low1.subscribe();
        low2.subscribe();
        high.subscribe();

        StepVerifier.create(Flux.concat(low1, low2, high).collectList())
                .assertNext(shed -> assertThat(shed).containsExactly(false, true, false))
                .verifyComplete();
        assertThat(shedCount("budget", "low")).isEqualTo(1);
        assertThat(registry.get(ChatMetrics.DELIVERED)
                        .tag("prio", "high")
                        .counter()
                        .count())
                .isEqualTo(1);
        assertThat(registry.get(ChatMetrics.DELIVERED)
                        .tag("prio", "low")
                        .counter()
                        .count())
                .isEqualTo(1);
    }

    @Test
    void aFullWindowFlushesAtOnce() {
        aggregator.destroy();
        aggregator = aggregator(
                Map.of("chorus.room.aggregation.window", "1s", "chorus.room.aggregation.max-batch-size", "3"));
        long start = System.nanoTime();
        List<Mono<Boolean>> acks = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            Mono<Boolean> ack =
                    aggregator.submit("r1", 20, message(Priority.HIGH)).cache();
            ack.subscribe();
            acks.add(ack);
        }

        StepVerifier.create(Flux.concat(acks).collectList())
                .assertNext(shed -> assertThat(shed).containsOnly(false))
                .verifyComplete();
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofMillis(500));
        assertThat(publisher.windows).hasSize(1);
    }

    @Test
    void aggregationAddsAtMostOneWindowAndAnIdleRoomKeepsNothing() {
        aggregator.destroy();
        aggregator = aggregator(Map.of());
        StepVerifier.create(aggregator.submit("warm-up", 20, message(Priority.LOW)))
                .expectNext(false)
                .verifyComplete();
        long start = System.nanoTime();

        StepVerifier.create(aggregator.submit("r1", 20, message(Priority.LOW)))
                .expectNext(false)
                .verifyComplete();

        Duration waited = Duration.ofNanos(System.nanoTime() - start);
        assertThat(waited).isGreaterThanOrEqualTo(Duration.ofMillis(45)).isLessThan(Duration.ofMillis(500));
        assertThat(aggregator.openWindows()).isZero();
        assertThat(registry.get(ChatMetrics.WINDOWS).gauge().value()).isZero();
    }

    @Test
    void roomsHaveTheirOwnWindows() {
        Mono<Boolean> a = aggregator.submit("a", 20, message(Priority.LOW));
        Mono<Boolean> b = aggregator.submit("b", 7, message(Priority.LOW));

        StepVerifier.create(Flux.merge(a, b).collectList())
                .assertNext(shed -> assertThat(shed).containsOnly(false))
                .verifyComplete();
        assertThat(publisher.windows)
                .extracting(InMemoryWindowPublisher.Window::room, InMemoryWindowPublisher.Window::budgetPerSecond)
                .containsExactlyInAnyOrder(
                        org.assertj.core.groups.Tuple.tuple("a", 20), org.assertj.core.groups.Tuple.tuple("b", 7));
    }

    @Test
    void messagesOfARoomThatClosedMeanwhileAreShed() {
        publisher.live = false;

        StepVerifier.create(Flux.merge(
                                aggregator.submit("r1", 20, message(Priority.HIGH)),
                                aggregator.submit("r1", 20, message(Priority.LOW)))
                        .collectList())
                .assertNext(shed -> assertThat(shed).containsOnly(true))
                .verifyComplete();
        assertThat(shedCount("closed", "high")).isEqualTo(1);
        assertThat(shedCount("closed", "low")).isEqualTo(1);
    }

    @Test
    void aWindowThatCannotBePublishedFailsItsSendersWithUnavailable() {
        publisher.failure = new IllegalStateException("redis down");

        StepVerifier.create(aggregator.submit("r1", 20, message(Priority.LOW)))
                .expectErrorSatisfies(error -> assertThat(error)
                        .isInstanceOfSatisfying(ProblemException.class, problem -> assertThat(problem.code())
                                .isEqualTo(ErrorCode.UNAVAILABLE)))
                .verify(Duration.ofSeconds(2));
    }

    @Test
    void shutdownPublishesOpenWindows() {
        aggregator.destroy();
        aggregator = aggregator(Map.of("chorus.room.aggregation.window", "1s"));
        Mono<Boolean> ack = aggregator.submit("r1", 20, message(Priority.LOW)).cache();
        ack.subscribe();

        aggregator.destroy();

        StepVerifier.create(ack).expectNext(false).verifyComplete();
        assertThat(publisher.windows).hasSize(1);
    }

    private RoomAggregator aggregator(Map<String, String> overrides) {
        return new RoomAggregator(publisher, new ChatMetrics(registry), TestProperties.of(overrides));
    }

    private double shedCount(String reason, String prio) {
        return registry.get(ChatMetrics.SHED)
                .tag("reason", reason)
                .tag("prio", prio)
                .counter()
                .count();
    }

    private static RoomMessage message(Priority prio) {
        int id = IDS.incrementAndGet();
        return new RoomMessage("m" + id, "u" + id, "User " + id, "hi", System.currentTimeMillis(), prio);
    }
}
