package io.chorus.connection.hub;

/**
 * What a server frame is, as far as delivery cares: its {@code type} and whether it is high priority. High
 * priority frames (gifts, room.closed, room.retracted, notify, cursor, and room batches carrying at least one
 * high-priority message) are never dropped; low priority ones (chatter, typing, presence) may be.
 *
 * @param type the frame's {@code type}
 * @param high whether the frame must never be dropped
 */
public record FrameKind(String type, boolean high) {

    public static final String ROOM_BATCH = "room.batch";
    public static final String ROOM_CLOSED = "room.closed";

    public boolean roomClosed() {
        return ROOM_CLOSED.equals(type);
    }
}
