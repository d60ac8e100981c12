package io.chorus.connection.upstream;

import io.chorus.protocol.RoomMessage;
import java.util.List;

/**
 * What a joiner is told about a room, assembled from the owning services; parts that did not answer in
 * time are unknown ({@code null}, or an empty history).
 *
 * @param state whether the room exists and is live, as room-service said
 * @param recent up to the last 50 messages, oldest first
 * @param giftSeq the latest gift sequence number, {@code null} when gift-service did not answer
 * @param viewers approximate viewers, {@code null} when presence-service did not answer
 */
public record JoinSnapshot(State state, List<RoomMessage> recent, Long giftSeq, Long viewers) {

    /** A room's state as known to connection-service. */
    public enum State {
        LIVE,
        CLOSED,
        NOT_FOUND,
        /** room-service did not answer in time: the join goes ahead. */
        UNKNOWN
    }
}
