package io.chorus.gift.stream;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * Sequences one polled batch: the events of each key in their partition order, one at a time (append, then
 * notify), different keys concurrently. The returned {@code Mono} completes when every event is stored and
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
        return store.tail(key).flatMap(initial -> {
            AtomicReference<StreamTail> tail = new AtomicReference<>(initial);
            return Flux.fromIterable(events)
                    .concatMap(event -> appendAndNotify(tail, event))
                    .filter(appended -> !appended.redelivered())
                    .count();
        });
    }

    private Mono<Appended<R>> appendAndNotify(AtomicReference<StreamTail> tail, E event) {
        return store.append(tail.get(), event)
                .doOnNext(appended -> tail.set(tail.get().advancedTo(appended.seq(), appended.eventId())))
                .flatMap(appended -> listener.stored(appended).thenReturn(appended));
    }
}
