package io.chorus.connection.broker;

import java.util.Set;
import java.util.concurrent.CompletableFuture;

/**
 * The instance's link to the pub/sub layer: room channels ({@code room:{id}}) and this instance's own
 * delivery channel. An instance subscribes to a room only while it has local viewers there.
 *
 * <p>Guarantees: delivery is at most once; messages of one channel arrive in publish order; a message
 * published before {@link #subscribe} completed may be missed. {@link #subscribe} and
 * {@link #unsubscribe} calls for one room must be made in the order of the hub's state transitions (the
 * hub calls them under the room's shard lock); implementations keep that order on the wire.
 */
public interface Broker {

    /** Receives what the broker delivers, on the broker's I/O thread; must not block. */
    interface Handler {
        /** A frame published into a room channel, as published (UTF-8 JSON). */
        void onRoomMessage(String room, byte[] payload);

        /** A {@code UserDelivery} published into this instance's delivery channel. */
        void onInstanceMessage(byte[] payload);
    }

    /** Sets the handler; called once, before any subscription. */
    void setHandler(Handler handler);

    /** Subscribes to a room's channel; the future completes when the subscription is active. */
    CompletableFuture<Void> subscribe(String room);

    /** Unsubscribes from a room's channel. */
    CompletableFuture<Void> unsubscribe(String room);

    /** Subscribes to this instance's delivery channel (once, at start). */
    CompletableFuture<Void> subscribeInstance(String instanceId);

    /** The rooms this broker is subscribed to (or has asked to be), for admins and tests. */
    Set<String> subscribedRooms();
}
