package io.chorus.presence.device;

import io.chorus.protocol.DeviceLocation;
import java.util.List;

/**
 * What presence knows of one user.
 *
 * @param user the user id
 * @param devices the devices online, each on a live instance
 * @param lastSeen epoch millis the user was last online; {@code null} while online or when never seen
 */
public record UserPresence(String user, List<DeviceLocation> devices, Long lastSeen) {

    public boolean online() {
        return !devices.isEmpty();
    }
}
