package io.chorus.connection.session;

import io.chorus.connection.broker.Broker;
import io.chorus.connection.hub.Hub;

/**
 * Routes what the broker delivers: room frames to the hub, {@code UserDelivery} batches to personal
 * delivery; and subscribes this instance's delivery channel.
 */
public final class BrokerWiring implements Broker.Handler {

    private final Hub hub;
    private final PersonalDelivery personal;

    BrokerWiring(Broker broker, Hub hub, PersonalDelivery personal, String instanceId) {
        this.hub = hub;
        this.personal = personal;
        broker.setHandler(this);
        broker.subscribeInstance(instanceId);
    }

    @Override
    public void onRoomMessage(String room, byte[] payload) {
        hub.onRoomMessage(room, payload);
    }

    @Override
    public void onInstanceMessage(byte[] payload) {
        personal.onDelivery(payload);
    }
}
