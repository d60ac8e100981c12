package io.chorus.stream;

import java.util.List;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * Runs after an event is stored and before its offset is committed: pushes, notifications, projections. It is
 * called in sequence order per key, and again for a redelivered event (the previous attempt may have crashed
 * before or after it), so it must be idempotent or tolerate a repeat.
 */
public interface StreamListener<R> {

    Mono<Void> stored(Appended<R> appended);

    /**
     * A run of one key's events, stored, in ascending sequence order. The default notifies them one by one; a
     * listener may publish a run in one round trip.
     */
    default Mono<Void> storedAll(List<Appended<R>> run) {
        return Flux.fromIterable(run).concatMap(this::stored).then();
    }
}
