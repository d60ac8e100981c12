package io.chorus.connection.admin;

import io.chorus.connection.config.ConnectionProperties;
import io.chorus.connection.hub.Hub;
import java.util.List;
import org.jspecify.annotations.Nullable;
import org.springframework.boot.actuate.endpoint.annotation.Endpoint;
import org.springframework.boot.actuate.endpoint.annotation.ReadOperation;

/** {@code /actuator/rooms?limit=N}: the rooms with the most local viewers, largest first (default top 100). */
@Endpoint(id = "rooms")
public class RoomsEndpoint {

    private static final int DEFAULT_LIMIT = 100;
    private static final int MAX_LIMIT = 10_000;

    /**
     * The local rooms.
     *
     * @param instanceId this instance
     * @param total rooms with local viewers
     * @param rooms the largest ones, with their local viewer counts
     */
    public record Rooms(String instanceId, int total, List<Hub.RoomViewers> rooms) {}

    private final Hub hub;
    private final String instanceId;

    public RoomsEndpoint(Hub hub, ConnectionProperties properties) {
        this.hub = hub;
        this.instanceId = properties.instanceId();
    }

    @ReadOperation
    public Rooms rooms(@Nullable Integer limit) {
        int top = limit == null ? DEFAULT_LIMIT : Math.max(1, Math.min(MAX_LIMIT, limit));
        return new Rooms(instanceId, hub.roomCount(), hub.largestRooms(top));
    }
}
