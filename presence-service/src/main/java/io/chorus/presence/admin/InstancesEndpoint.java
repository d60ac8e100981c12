package io.chorus.presence.admin;

import io.chorus.presence.device.DevicePresenceStore;
import io.chorus.presence.lease.InstanceLeases;
import io.chorus.presence.web.StoreFailures;
import io.chorus.protocol.ErrorCode;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import org.springframework.boot.actuate.endpoint.annotation.Endpoint;
import org.springframework.boot.actuate.endpoint.annotation.ReadOperation;
import org.springframework.boot.actuate.endpoint.web.WebEndpointResponse;
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

    /** The report, or 503 with {@code code: unavailable} while Redis is down or too slow (never a 500). */
    @ReadOperation
    Mono<WebEndpointResponse<Object>> instances() {
        return leases.load()
                .map(all -> all.values().stream()
                        .sorted(Comparator.comparing(InstanceLeases.Instance::id))
                        .toList())
                .zipWith(store.onlineCount(), Report::new)
                .map(report -> new WebEndpointResponse<Object>(report))
                .onErrorResume(
                        StoreFailures::unavailable,
                        error -> Mono.just(new WebEndpointResponse<>(
                                Map.of(
                                        "status",
                                        503,
                                        "code",
                                        ErrorCode.UNAVAILABLE.code(),
                                        "detail",
                                        "presence store unavailable, retry later"),
                                WebEndpointResponse.STATUS_SERVICE_UNAVAILABLE)));
    }

    /** The instances and the number of online users. */
    record Report(List<InstanceLeases.Instance> instances, long onlineUsers) {}
}
