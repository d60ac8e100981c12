package io.chorus.room.aggregation;

import io.chorus.protocol.Priority;
import io.chorus.protocol.RoomMessage;
import java.util.concurrent.CompletableFuture;

/**
 * An accepted message waiting in its room's window; {@code shed} completes with {@code true} when it was not
 * delivered, {@code false} once published.
 */
record Pending(RoomMessage message, long acceptedNanos, CompletableFuture<Boolean> shed) {

    Pending(RoomMessage message, long acceptedNanos) {
        this(message, acceptedNanos, new CompletableFuture<>());
    }

    boolean high() {
        return message.prio() == Priority.HIGH;
    }
}
