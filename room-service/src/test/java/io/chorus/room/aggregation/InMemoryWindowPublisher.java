package io.chorus.room.aggregation;

import io.chorus.protocol.RoomMessage;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.IntUnaryOperator;
import reactor.core.publisher.Mono;

/** The in-memory twin of the Redis window publisher: records windows, grants what the test says. */
final class InMemoryWindowPublisher implements WindowPublisher {

    record Window(
            String room, int budgetPerSecond, int burst, List<RoomMessage> high, List<RoomMessage> low, long at) {}

    final List<Window> windows = new CopyOnWriteArrayList<>();
    volatile IntUnaryOperator grant = low -> low;
    volatile boolean live = true;
    volatile RuntimeException failure;

    @Override
    public Mono<Outcome> publish(
            String room, int budgetPerSecond, int burst, List<RoomMessage> high, List<RoomMessage> low) {
        if (failure != null) {
            return Mono.error(failure);
        }
        windows.add(new Window(room, budgetPerSecond, burst, List.copyOf(high), List.copyOf(low), System.nanoTime()));
        return Mono.just(new Outcome(Math.min(low.size(), grant.applyAsInt(low.size())), live));
    }
}
