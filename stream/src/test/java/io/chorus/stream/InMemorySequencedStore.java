package io.chorus.stream;

import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import reactor.core.publisher.Mono;

/**
 * In-memory twin of a {@link SequencedStore} with the same contract as the Cassandra one: the slot is claimed
 * compare-and-set, the id index is written after the slot, and a failure can be injected between the two (a
 * crash between the writes).
 */
final class InMemorySequencedStore
        implements SequencedStore<InMemorySequencedStore.Event, InMemorySequencedStore.Event> {

    record Event(String key, String id) {}

    private final Map<String, NavigableMap<Long, String>> streams = new ConcurrentHashMap<>();
    private final Map<String, Map<String, Long>> ids = new ConcurrentHashMap<>();
    private final AtomicInteger failAfterSlot = new AtomicInteger(-1);

    /** The next {@code n}-th append claims its slot, then fails before indexing it. */
    void crashAfterSlotOnAppend(int n) {
        failAfterSlot.set(n);
    }

    List<String> stream(String key) {
        return List.copyOf(streams.getOrDefault(key, new TreeMap<>()).values());
    }

    NavigableMap<Long, String> slots(String key) {
        return new TreeMap<>(streams.getOrDefault(key, new TreeMap<>()));
    }

    @Override
    public String keyOf(Event event) {
        return event.key();
    }

    @Override
    public Mono<StreamTail> tail(String key) {
        return Mono.fromSupplier(() -> {
            NavigableMap<Long, String> stream = streams.get(key);
            if (stream == null || stream.isEmpty()) {
                return StreamTail.empty(key);
            }
            var last = stream.lastEntry();
            return new StreamTail(key, last.getKey(), last.getValue());
        });
    }

    @Override
    public Mono<Appended<Event>> append(StreamTail tail, Event event) {
        return Mono.fromSupplier(() -> appendNow(tail, event));
    }

    private synchronized Appended<Event> appendNow(StreamTail tail, Event event) {
        Long known = ids.computeIfAbsent(event.key(), k -> new HashMap<>()).get(event.id());
        if (known != null) {
            return new Appended<>(event, event.id(), known, true);
        }
        if (event.id().equals(tail.lastEventId())) {
            ids.get(event.key()).put(event.id(), tail.seq());
            return new Appended<>(event, event.id(), tail.seq(), true);
        }
        NavigableMap<Long, String> stream = streams.computeIfAbsent(event.key(), k -> new TreeMap<>());
        long seq = tail.seq() + 1;
        if (stream.putIfAbsent(seq, event.id()) != null) {
            throw new IllegalStateException("slot taken: " + seq);
        }
        if (failAfterSlot.getAndDecrement() == 0) {
            throw new IllegalStateException("crash between slot and index");
        }
        ids.get(event.key()).put(event.id(), seq);
        return new Appended<>(event, event.id(), seq, false);
    }
}
