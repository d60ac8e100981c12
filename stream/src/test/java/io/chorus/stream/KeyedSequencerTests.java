package io.chorus.stream;

import static org.assertj.core.api.Assertions.assertThat;

import io.chorus.stream.InMemorySequencedStore.Event;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import reactor.core.publisher.Mono;
import reactor.test.StepVerifier;

class KeyedSequencerTests {

    private final InMemorySequencedStore store = new InMemorySequencedStore();
    private final Map<String, List<Long>> notified = new ConcurrentHashMap<>();
    private final StreamListener<Event> listener = appended ->
            Mono.fromRunnable(() -> notified.computeIfAbsent(appended.record().key(), k -> new CopyOnWriteArrayList<>())
                    .add(appended.seq()));
    private final KeyedSequencer<Event, Event> sequencer = new KeyedSequencer<>(store, listener, 4);

    @Test
    void interleavedKeysGetDenseSequencesInPartitionOrder() {
        List<Event> batch = new ArrayList<>();
        for (int i = 0; i < 30; i++) {
            batch.add(new Event("room-" + (i % 3), "e" + i));
        }

        StepVerifier.create(sequencer.sequence(batch)).expectNext(30L).verifyComplete();

        for (int room = 0; room < 3; room++) {
            String key = "room-" + room;
            List<String> expected = new ArrayList<>();
            for (int i = room; i < 30; i += 3) {
                expected.add("e" + i);
            }
            assertThat(store.stream(key)).containsExactlyElementsOf(expected);
            assertThat(store.slots(key).keySet()).containsExactly(1L, 2L, 3L, 4L, 5L, 6L, 7L, 8L, 9L, 10L);
            assertThat(notified.get(key)).containsExactly(1L, 2L, 3L, 4L, 5L, 6L, 7L, 8L, 9L, 10L);
        }
    }

    @Test
    void aRedeliveredBatchKeepsEveryNumberAndContinuesAfterIt() {
        List<Event> first = List.of(new Event("r", "a"), new Event("r", "b"));
        sequencer.sequence(first).block(Duration.ofSeconds(5));

        List<Event> redelivered = List.of(new Event("r", "a"), new Event("r", "b"), new Event("r", "c"));
        StepVerifier.create(sequencer.sequence(redelivered)).expectNext(1L).verifyComplete();

        assertThat(store.slots("r")).containsExactly(Map.entry(1L, "a"), Map.entry(2L, "b"), Map.entry(3L, "c"));
        // the listener sees a redelivered event again (it is idempotent), always in sequence order per key
        assertThat(notified.get("r")).containsExactly(1L, 2L, 1L, 2L, 3L);
    }

    @Test
    void aCrashBetweenSlotAndIndexIsRecoveredByTheRetryWithoutGapOrRepeat() {
        store.crashAfterSlotOnAppend(1);
        List<Event> batch = List.of(new Event("r", "a"), new Event("r", "b"), new Event("r", "c"));

        StepVerifier.create(sequencer.sequence(batch))
                .expectErrorMessage("crash between slot and index")
                .verify(Duration.ofSeconds(5));
        assertThat(notified.get("r"))
                .as("nothing is notified before the run is stored")
                .isNull();

        // the container retries the whole batch: the tail is recovered from the store
        StepVerifier.create(sequencer.sequence(batch)).expectNext(1L).verifyComplete();

        assertThat(store.slots("r")).containsExactly(Map.entry(1L, "a"), Map.entry(2L, "b"), Map.entry(3L, "c"));
        assertThat(notified.get("r")).containsExactly(1L, 2L, 3L);
    }

    @Test
    void aFailingListenerFailsTheBatchSoItIsNotCommitted() {
        var failing = new KeyedSequencer<Event, Event>(
                store, appended -> Mono.error(new IllegalStateException("redis down")), 4);

        StepVerifier.create(failing.sequence(List.of(new Event("r", "a"))))
                .expectErrorMessage("redis down")
                .verify(Duration.ofSeconds(5));

        StepVerifier.create(sequencer.sequence(List.of(new Event("r", "a"), new Event("r", "b"))))
                .expectNext(1L)
                .verifyComplete();
        assertThat(store.slots("r")).containsExactly(Map.entry(1L, "a"), Map.entry(2L, "b"));
        assertThat(notified.get("r")).containsExactly(1L, 2L);
    }

    @Test
    void tailAdvancesOnlyForward() {
        StreamTail tail = new StreamTail("r", 5, "e5");

        assertThat(tail.advancedTo(6, "e6")).isEqualTo(new StreamTail("r", 6, "e6"));
        assertThat(tail.advancedTo(3, "e3")).isSameAs(tail);
    }
}
