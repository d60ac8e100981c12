package io.chorus.stream.notify;

import io.chorus.protocol.DeviceLocation;
import java.util.List;
import java.util.Map;
import reactor.core.publisher.Mono;

/** Where users are connected: their online devices and the connection-service instance holding each. */
public interface UserLocator {

    /**
     * The online devices of {@code users}; offline users are absent from the answer. Errors when the answer
     * cannot be had (the caller then falls back to broadcasting).
     */
    Mono<Map<String, List<DeviceLocation>>> locate(List<String> users);
}
