package io.chorus.stream;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * Sequences one polled batch: the events of each key in their partition order are appended (the store may
 * claim their numbers together), then notified one by one in sequence order; different keys run concurrently. The returned {@code Mono} completes when every event is stored and
 * notified, and only then may the caller commit the batch's offsets.
 */
public final class KeyedSequencer<E, R> {

    private final SequencedStore<E, R> store;
    private final StreamListener<R> listener;
    private final int parallelKeys;

    public KeyedSequencer(SequencedStore<E, R> store, StreamListener<R> listener, int parallelKeys) {
        this.store = store;
        this.listener = listener;
        this.parallelKeys = parallelKeys;
    }

    /** Completes with the number of events appended for the first time (redeliveries excluded). */
    public Mono<Long> sequence(List<E> batch) {
        Map<String, List<E>> byKey = new LinkedHashMap<>();
        for (E event : batch) {
            byKey.computeIfAbsent(store.keyOf(event), key -> new java.util.ArrayList<>())
                    .add(event);
        }
        return Flux.fromIterable(byKey.entrySet())
                .flatMap(entry -> sequenceKey(entry.getKey(), entry.getValue()), parallelKeys)
                .reduce(0L, Long::sum);
    }

    private Mono<Long> sequenceKey(String key, List<E> events) {
        return store.tail(key)
                .flatMap(tail -> store.appendAll(tail, events).collectList())
                .flatMap(run -> listener.storedAll(run).thenReturn(run))
                .map(run ->
                        run.stream().filter(appended -> !appended.redelivered()).count());
    }
}
