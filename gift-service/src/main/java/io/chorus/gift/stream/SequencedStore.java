package io.chorus.gift.stream;

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
}
