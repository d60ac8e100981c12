package io.chorus.presence.device;

import io.chorus.presence.PresenceKeys;
import io.chorus.presence.lease.InstanceLeases.Instance;
import io.chorus.protocol.DeviceLocation;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A user's presence hash as read from Redis: device -> instance, and the last-seen millis. Devices on
 * instances whose lease expired are not online: their instance died.
 */
record StoredUser(String user, Map<String, String> devices, Long lastSeen) {

    static StoredUser of(String user, Map<String, String> hash) {
        Map<String, String> devices = new LinkedHashMap<>();
        Long lastSeen = null;
        for (Map.Entry<String, String> field : hash.entrySet()) {
            if (field.getKey().startsWith(PresenceKeys.DEVICE_FIELD)) {
                devices.put(field.getKey().substring(PresenceKeys.DEVICE_FIELD.length()), field.getValue());
            } else if (field.getKey().equals(PresenceKeys.LAST_SEEN_FIELD)) {
                lastSeen = Long.parseLong(field.getValue());
            }
        }
        return new StoredUser(user, devices, lastSeen);
    }

    /** The user as clients see it, given the known instances. */
    UserPresence view(Map<String, Instance> instances) {
        List<DeviceLocation> online = new ArrayList<>();
        Long seen = lastSeen;
        for (Map.Entry<String, String> device : devices.entrySet()) {
            Instance instance = instances.get(device.getValue());
            if (instance != null && instance.alive()) {
                online.add(new DeviceLocation(device.getKey(), device.getValue()));
            } else if (instance != null) {
                seen = seen == null ? instance.lastRenewal() : Math.max(seen, instance.lastRenewal());
            }
        }
        return new UserPresence(user, List.copyOf(online), online.isEmpty() ? seen : null);
    }
}
