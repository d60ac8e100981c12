package io.chorus.stream;

import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * The store side of a dense per-key sequence. Only the Kafka partition owner of a key calls it, one event at a
 * time per key; implementations still guard every number with a compare-and-set so that a zombie owner (a
 * consumer that lost its partitions but has not noticed yet) can neither skip nor repeat a number.
 *
 * @param <E> the event
 * @param <R> the stored record handed to {@link StreamListener}s
 */
public interface SequencedStore<E, R> {

    /** The key (stream) an event belongs to; also its Kafka record key. */
    String keyOf(E event);

    /** The stream's tail, read from the store. */
    Mono<StreamTail> tail(String key);

    /**
     * Stores the event at {@code tail.seq + 1}, or finds the number it already has. Idempotent on the event id:
     * whatever point an earlier attempt reached, the event ends up stored exactly once, at one number.
     */
    Mono<Appended<R>> append(StreamTail tail, E event);

    /**
     * Stores a run of events of one key (partition order) after {@code tail}, with the guarantees of
     * {@link #append}; emits one {@link Appended} per event, in ascending sequence order. The default appends
     * one event at a time; a store may claim the numbers of a whole run with one compare-and-set.
     */
    default Flux<Appended<R>> appendAll(StreamTail tail, List<E> events) {
        AtomicReference<StreamTail> current = new AtomicReference<>(tail);
        return Flux.fromIterable(events).concatMap(event -> append(current.get(), event)
                .doOnNext(appended -> current.set(current.get().advancedTo(appended.seq(), appended.eventId()))));
    }
}
