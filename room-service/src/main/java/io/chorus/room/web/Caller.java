package io.chorus.room.web;

import java.util.List;
import org.springframework.security.oauth2.jwt.Jwt;

/**
 * Who sends a request: the token's {@code sub}, {@code name} and {@code roles}, or the identity a
 * connection-service passes on for a WebSocket user.
 *
 * <p>Role meanings: {@code moderator}, {@code admin} and {@code system} moderate every room; {@code streamer}
 * may create rooms (and owns the rooms it created); {@code subscriber} is a subscriber of every room and
 * {@code subscriber:<room>} of one room.
 */
public record Caller(String user, String name, List<String> roles) {

    public static final String STREAMER = "streamer";
    public static final String MODERATOR = "moderator";
    public static final String ADMIN = "admin";
    public static final String SYSTEM = "system";
    public static final String SERVICE = "service";
    public static final String SUBSCRIBER = "subscriber";

    public Caller {
        roles = roles == null ? List.of() : List.copyOf(roles);
        name = name == null || name.isBlank() ? user : name;
    }

    public static Caller of(Jwt jwt) {
        return new Caller(jwt.getSubject(), jwt.getClaimAsString("name"), jwt.getClaimAsStringList("roles"));
    }

    public boolean has(String role) {
        return roles.contains(role);
    }

    /** Moderates every room: {@code moderator}, {@code admin} or {@code system}. */
    public boolean moderatesAll() {
        return has(MODERATOR) || has(ADMIN) || has(SYSTEM);
    }

    /** A subscriber of this room, by a platform-wide or per-room role. */
    public boolean subscribes(String room) {
        return has(SUBSCRIBER) || has(SUBSCRIBER + ":" + room);
    }

    /** May speak on behalf of other users on the internal API (a service token). */
    public boolean isService() {
        return has(SYSTEM) || has(SERVICE);
    }
}
