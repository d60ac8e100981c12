package io.chorus.stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.chorus.stream.InMemorySequencedStore.Event;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;
import org.springframework.kafka.support.Acknowledgment;
import reactor.core.publisher.Mono;

class KafkaSequencerListenerTests {

    private final InMemorySequencedStore store = new InMemorySequencedStore();
    private final List<ConsumerRecord<String, String>> skipped = new ArrayList<>();
    private final AtomicInteger acks = new AtomicInteger();
    private final Acknowledgment ack = acks::incrementAndGet;

    private KafkaSequencerListener<Event> listener(StreamListener<Event> after) {
        return new KafkaSequencerListener<>(
                new KeyedSequencer<>(store, after, 2),
                KafkaSequencerListenerTests::decode,
                Duration.ofSeconds(5),
                skipped::add);
    }

    private static Event decode(String value) {
        String[] parts = value.split("/");
        if (parts.length != 2) {
            throw new IllegalArgumentException("bad event " + value);
        }
        return new Event(parts[0], parts[1]);
    }

    private static ConsumerRecord<String, String> record(long offset, String value) {
        return new ConsumerRecord<>("gifts", 0, offset, value.split("/")[0], value);
    }

    @Test
    void aBatchIsAcknowledgedAfterEveryEventIsStored() {
        listener(appended -> Mono.empty()).onMessage(List.of(record(0, "r/a"), record(1, "r/b")), ack);

        assertThat(store.stream("r")).containsExactly("a", "b");
        assertThat(acks).hasValue(1);
    }

    @Test
    void anUndecodableRecordIsSkippedNotRetriedForever() {
        listener(appended -> Mono.empty())
                .onMessage(List.of(record(0, "r/a"), record(1, "garbage"), record(2, "r/b")), ack);

        assertThat(store.stream("r")).containsExactly("a", "b");
        assertThat(skipped).extracting(ConsumerRecord::offset).containsExactly(1L);
        assertThat(acks).hasValue(1);
    }

    @Test
    void aFailedBatchThrowsAndIsNotAcknowledged() {
        var failing = listener(appended -> Mono.error(new IllegalStateException("redis down")));

        assertThatThrownBy(() -> failing.onMessage(List.of(record(0, "r/a")), ack))
                .hasMessageContaining("redis down");
        assertThat(acks).hasValue(0);
    }
}
