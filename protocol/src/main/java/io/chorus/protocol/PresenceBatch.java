package io.chorus.protocol;

import java.util.List;

/**
 * Internal request from a connection-service instance to presence-service
 * ({@code POST /internal/presence/batch}): every connect and disconnect of the last short interval in one
 * call, never one call per event. The call also renews the instance's lease, so it is sent every interval
 * even when {@code events} is empty.
 *
 * @param instance the connection-service instance id
 * @param events connects and disconnects in the order they happened
 */
public record PresenceBatch(String instance, List<Event> events) {

    /**
     * One connect ({@code online = true}) or disconnect of a device.
     *
     * @param user the user id
     * @param device the device id
     * @param online {@code true} for a connect, {@code false} for a disconnect
     * @param ts epoch millis of the event
     */
    public record Event(String user, String device, boolean online, long ts) {}
}
