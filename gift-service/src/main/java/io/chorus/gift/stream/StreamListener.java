package io.chorus.gift.stream;

import reactor.core.publisher.Mono;

/**
 * Runs after an event is stored and before its offset is committed: pushes, notifications, projections. It is
 * called in sequence order per key, and again for a redelivered event (the previous attempt may have crashed
 * before or after it), so it must be idempotent or tolerate a repeat.
 */
public interface StreamListener<R> {

    Mono<Void> stored(Appended<R> appended);
}
