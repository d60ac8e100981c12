package io.chorus.protocol;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonSubTypes;
import com.fasterxml.jackson.annotation.JsonTypeInfo;
import java.util.List;

/** A frame sent by the server over the WebSocket. */
@JsonTypeInfo(use = JsonTypeInfo.Id.NAME, property = "type")
@JsonSubTypes({
    @JsonSubTypes.Type(value = ServerFrame.Joined.class, name = "joined"),
    @JsonSubTypes.Type(value = ServerFrame.Left.class, name = "left"),
    @JsonSubTypes.Type(value = ServerFrame.Ack.class, name = "ack"),
    @JsonSubTypes.Type(value = ServerFrame.Error.class, name = "error"),
    @JsonSubTypes.Type(value = ServerFrame.Pong.class, name = "pong"),
    @JsonSubTypes.Type(value = ServerFrame.RoomBatch.class, name = "room.batch"),
    @JsonSubTypes.Type(value = ServerFrame.Gift.class, name = "gift"),
    @JsonSubTypes.Type(value = ServerFrame.Notify.class, name = "notify"),
    @JsonSubTypes.Type(value = ServerFrame.Cursor.class, name = "cursor"),
    @JsonSubTypes.Type(value = ServerFrame.Typing.class, name = "typing"),
    @JsonSubTypes.Type(value = ServerFrame.RoomClosed.class, name = "room.closed"),
    @JsonSubTypes.Type(value = ServerFrame.Retracted.class, name = "room.retracted"),
    @JsonSubTypes.Type(value = ServerFrame.Presence.class, name = "presence"),
})
@JsonInclude(JsonInclude.Include.NON_NULL)
public sealed interface ServerFrame
        permits ServerFrame.Joined,
                ServerFrame.Left,
                ServerFrame.Ack,
                ServerFrame.Error,
                ServerFrame.Pong,
                ServerFrame.RoomBatch,
                ServerFrame.Gift,
                ServerFrame.Notify,
                ServerFrame.Cursor,
                ServerFrame.Typing,
                ServerFrame.RoomClosed,
                ServerFrame.Retracted,
                ServerFrame.Presence {

    /**
     * Reply to {@code join}.
     *
     * @param viewers approximate viewer count, or {@code null} when presence did not answer in time
     * @param recent up to the last 50 room messages, oldest first (empty when history is unavailable)
     * @param giftSeq the room's latest gift sequence number, 0 if none, {@code null} when unknown
     */
    record Joined(String id, String room, Long viewers, List<RoomMessage> recent, Long giftSeq)
            implements ServerFrame {}

    /** Reply to {@code leave}. */
    record Left(String id, String room) implements ServerFrame {}

    /**
     * Acknowledges a request. For {@code chat}: {@code msgId} is set when the message was accepted;
     * {@code shed} is {@code true} when it was accepted but dropped by the room's delivery budget
     * (nobody else will see it).
     */
    record Ack(String id, String msgId, Boolean shed) implements ServerFrame {
        public static Ack of(String id) {
            return new Ack(id, null, null);
        }
    }

    /** A request failed ({@code id} echoes it), or the server warns. */
    record Error(String id, ErrorCode code, String message) implements ServerFrame {}

    /** Reply to {@code ping}. */
    record Pong(String id) implements ServerFrame {}

    /** Aggregated live-room chatter, one per room per aggregation window. */
    record RoomBatch(String room, List<RoomMessage> msgs) implements ServerFrame {}

    /** A gift, pushed with high priority; {@code seq} is dense per room (1, 2, 3, ...). */
    record Gift(
            String room,
            long seq,
            String giftId,
            String from,
            String fromName,
            String to,
            String gift,
            long amount,
            long ts)
            implements ServerFrame {}

    /** Conversation {@code conv} has messages up to {@code seq}; the client pulls what it lacks. */
    record Notify(String conv, long seq) implements ServerFrame {}

    /** Read state changed on another device of the same user. */
    record Cursor(String conv, long read) implements ServerFrame {}

    /** Someone is typing in {@code conv}. */
    record Typing(String conv, String user) implements ServerFrame {}

    /** The room ended; the client leaves it. */
    record RoomClosed(String room) implements ServerFrame {}

    /** A moderator retracted a message; clients remove it from display. */
    record Retracted(String room, String msgId) implements ServerFrame {}

    /**
     * The coarse presence of a contact the user subscribed to changed (coalesced: at most one per contact
     * per interval, carrying the latest state).
     *
     * @param user the contact
     * @param online whether any device of the contact is online
     * @param lastSeen epoch millis the contact was last online, {@code null} while online or never seen
     */
    record Presence(String user, boolean online, Long lastSeen) implements ServerFrame {}
}
