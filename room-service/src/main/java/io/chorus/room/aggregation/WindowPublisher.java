package io.chorus.room.aggregation;

import io.chorus.protocol.RoomMessage;
import java.util.List;
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
     * @param granted how many low-priority candidates (the first ones) were delivered
     * @param published {@code false} when the room was no longer live, so nothing was published
     */
    record Outcome(int granted, boolean published) {}

    /**
     * @param budgetPerSecond the room's delivery budget (chatter messages per second, high priority included)
     * @param burst the most chatter one window may deliver
     */
    Mono<Outcome> publish(String room, int budgetPerSecond, int burst, List<RoomMessage> high, List<RoomMessage> low);
}
