package io.chorus.protocol;

import java.util.List;

/**
 * Internal reply of room-service to {@code GET /internal/rooms/{room}/snapshot}: what a joining viewer
 * needs from the route layer. The connection tier caches it per room for about a second, so joins at
 * tens of thousands per second cost one call per room per second.
 *
 * @param room the room id
 * @param state {@code live} or {@code closed}
 * @param recent up to the last 50 messages, oldest first
 */
public record RoomSnapshot(String room, String state, List<RoomMessage> recent) {

    public static final String LIVE = "live";
    public static final String CLOSED = "closed";

    public boolean closed() {
        return CLOSED.equals(state);
    }
}
