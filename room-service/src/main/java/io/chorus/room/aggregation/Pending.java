package io.chorus.room.aggregation;

import io.chorus.protocol.Priority;
import io.chorus.protocol.RoomMessage;
import java.util.concurrent.CompletableFuture;

/**
 * An accepted message waiting in its room's window; {@code shed} completes with {@code true} when it was not
 * delivered, {@code false} once published. {@code idempotencyRecord} is the Redis key of its idempotency
 * record, or {@code null} when the sender gave no client message id.
 */
record Pending(RoomMessage message, long acceptedNanos, String idempotencyRecord, CompletableFuture<Boolean> shed) {

    Pending(RoomMessage message, long acceptedNanos, String idempotencyRecord) {
        this(message, acceptedNanos, idempotencyRecord, new CompletableFuture<>());
    }

    Pending(RoomMessage message, long acceptedNanos) {
        this(message, acceptedNanos, null);
    }

    boolean high() {
        return message.prio() == Priority.HIGH;
    }
}
