package io.chorus.connection.route;

import java.util.concurrent.CompletableFuture;

/**
 * Where rooms live: the route layer reads which instances hold viewers of a room. Entries expire by
 * themselves unless renewed, so a dead instance drops out without anyone cleaning up after it.
 */
public interface RouteIndex {

    /**
     * This instance got its first local viewer of {@code room}. Called under the room's shard lock. The
     * future completes when the entry is written (a first joiner's {@code joined} waits for it, so whoever
     * reads the index after a {@code joined} finds this instance).
     */
    CompletableFuture<Void> roomActive(String room);

    /** This instance lost its last local viewer of {@code room}. Called under the room's shard lock. */
    void roomInactive(String room);

    /** A no-op index, for unit tests and single-node runs. */
    RouteIndex NONE = new RouteIndex() {
        @Override
        public CompletableFuture<Void> roomActive(String room) {
            return CompletableFuture.completedFuture(null);
        }

        @Override
        public void roomInactive(String room) {}
    };
}
