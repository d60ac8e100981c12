package io.chorus.connection.broker;

import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;

/**
 * A broker inside one JVM, the twin of {@link RedisBroker} for unit tests and single-node runs:
 * {@link #publish} delivers synchronously to the subscribed handler, only while the room is subscribed.
 */
public final class InMemoryBroker implements Broker {

    private final Set<String> rooms = ConcurrentHashMap.newKeySet();
    private volatile Handler handler;
    private volatile String instanceId;

    @Override
    public void setHandler(Handler handler) {
        this.handler = handler;
    }

    @Override
    public CompletableFuture<Void> subscribe(String room) {
        rooms.add(room);
        return CompletableFuture.completedFuture(null);
    }

    @Override
    public CompletableFuture<Void> unsubscribe(String room) {
        rooms.remove(room);
        return CompletableFuture.completedFuture(null);
    }

    @Override
    public CompletableFuture<Void> subscribeInstance(String instanceId) {
        this.instanceId = instanceId;
        return CompletableFuture.completedFuture(null);
    }

    @Override
    public Set<String> subscribedRooms() {
        return Set.copyOf(rooms);
    }

    /** Publishes into a room; returns whether this instance was subscribed (and so received it). */
    public boolean publish(String room, byte[] payload) {
        Handler current = handler;
        if (current == null || !rooms.contains(room)) {
            return false;
        }
        current.onRoomMessage(room, payload);
        return true;
    }

    /** Publishes into an instance's delivery channel. */
    public boolean publishToInstance(String instance, byte[] payload) {
        Handler current = handler;
        if (current == null || !instance.equals(instanceId)) {
            return false;
        }
        current.onInstanceMessage(payload);
        return true;
    }
}
