package io.chorus.connection.admin;

import io.chorus.connection.config.ConnectionProperties;
import io.chorus.connection.hub.Hub;
import io.chorus.connection.session.Connection;
import io.chorus.connection.session.ConnectionRegistry;
import org.springframework.boot.actuate.endpoint.annotation.Endpoint;
import org.springframework.boot.actuate.endpoint.annotation.ReadOperation;

/** {@code /actuator/connections}: this instance's connections, users, rooms and outbound backlog. */
@Endpoint(id = "connections")
public class ConnectionsEndpoint {

    /**
     * The instance's connection summary.
     *
     * @param instanceId this instance
     * @param accepting whether new connections are accepted (false while draining)
     * @param connections open connections
     * @param users distinct users connected
     * @param rooms rooms with local viewers
     * @param queuedBytes bytes waiting in all outbound queues
     * @param slowConnections connections above their outbound high-water mark
     */
    public record Summary(
            String instanceId,
            boolean accepting,
            int connections,
            int users,
            int rooms,
            long queuedBytes,
            int slowConnections) {}

    private final ConnectionRegistry registry;
    private final Hub hub;
    private final String instanceId;

    public ConnectionsEndpoint(ConnectionRegistry registry, Hub hub, ConnectionProperties properties) {
        this.registry = registry;
        this.hub = hub;
        this.instanceId = properties.instanceId();
    }

    @ReadOperation
    public Summary summary() {
        long queued = 0;
        int slow = 0;
        for (Connection connection : registry.live()) {
            queued += connection.pendingBytes();
            if (connection.isSlow()) {
                slow++;
            }
        }
        return new Summary(
                instanceId, registry.accepting(), registry.size(), registry.users(), hub.roomCount(), queued, slow);
    }
}
