package io.chorus.connection.drain;

import org.springframework.boot.actuate.endpoint.annotation.Endpoint;
import org.springframework.boot.actuate.endpoint.annotation.ReadOperation;
import org.springframework.boot.actuate.endpoint.annotation.WriteOperation;

/**
 * {@code /actuator/drain}: GET shows the drain status; POST starts a drain without stopping the process
 * (before a scale-in, for instance). Needs the {@code admin} role.
 */
@Endpoint(id = "drain")
public class DrainEndpoint {

    private final DrainCoordinator coordinator;

    public DrainEndpoint(DrainCoordinator coordinator) {
        this.coordinator = coordinator;
    }

    @ReadOperation
    public DrainCoordinator.Status status() {
        return coordinator.status();
    }

    @WriteOperation
    public DrainCoordinator.Status start() {
        coordinator.drain();
        return coordinator.status();
    }
}
