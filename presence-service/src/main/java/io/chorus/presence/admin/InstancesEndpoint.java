package io.chorus.presence.admin;

import io.chorus.presence.device.DevicePresenceStore;
import io.chorus.presence.lease.InstanceLeases;
import java.util.Comparator;
import java.util.List;
import org.springframework.boot.actuate.endpoint.annotation.Endpoint;
import org.springframework.boot.actuate.endpoint.annotation.ReadOperation;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Mono;

/** {@code /actuator/instances}: connection-service instances, their lease state, and users online. */
@Component
@Endpoint(id = "instances")
class InstancesEndpoint {

    private final InstanceLeases leases;
    private final DevicePresenceStore store;

    InstancesEndpoint(InstanceLeases leases, DevicePresenceStore store) {
        this.leases = leases;
        this.store = store;
    }

    @ReadOperation
    Mono<Report> instances() {
        return leases.load()
                .map(all -> all.values().stream()
                        .sorted(Comparator.comparing(InstanceLeases.Instance::id))
                        .toList())
                .zipWith(store.onlineCount(), Report::new);
    }

    /** The instances and the number of online users. */
    record Report(List<InstanceLeases.Instance> instances, long onlineUsers) {}
}
