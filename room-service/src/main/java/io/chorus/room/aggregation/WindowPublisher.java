package io.chorus.room.aggregation;

import io.chorus.protocol.RoomMessage;
import java.util.List;
import java.util.Map;
import java.util.Set;
import reactor.core.publisher.Mono;

/**
 * Delivers one closed aggregation window of a room: all high-priority messages, and as many of the
 * low-priority candidates (the first ones, in arrival order) as the room's delivery budget grants, as at
 * most one high and one low {@code room.batch}. At most once: a window is never retried.
 */
public interface WindowPublisher {

    /**
     * What happened to a window.
     *
     * @param granted how many low-priority candidates (the first ones not superseded) were delivered
     * @param published {@code false} when the room was no longer live, so nothing was published
     * @param superseded msgIds not delivered because a retry of the same client message took them over
     */
    record Outcome(int granted, boolean published, Set<String> superseded) {

        public Outcome(int granted, boolean published) {
            this(granted, published, Set.of());
        }
    }

    /**
     * @param budgetPerSecond the room's delivery budget (chatter messages per second, high priority included)
     * @param burst the most chatter one window may deliver
     */
    Mono<Outcome> publish(String room, int budgetPerSecond, int burst, List<RoomMessage> high, List<RoomMessage> low);

    /**
     * As {@link #publish(String, int, int, List, List)}, for messages of which some carry an idempotency record
     * (msgId -> record key): such a message is delivered only while its record names it, and the record
     * learns whether it was delivered or shed.
     */
    default Mono<Outcome> publish(
            String room,
            int budgetPerSecond,
            int burst,
            List<RoomMessage> high,
            List<RoomMessage> low,
            Map<String, String> idempotencyRecords) {
        return publish(room, budgetPerSecond, burst, high, low);
    }

    /** A message with an idempotency record was shed before reaching Redis: the record learns it. */
    default void shedBeforePublication(String room, String msgId, String idempotencyRecord) {}
}
