package io.chorus.presence.device;

import io.chorus.presence.lease.InstanceLeases.Instance;
import io.chorus.protocol.DeviceLocation;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A user's presence as stored in Redis: device -> instance, and the last-seen millis. Devices on instances
 * whose lease expired are not online: their instance died.
 *
 * <p>Stored as one string so that a look-up of many users is one {@code MGET}: the last-seen millis (empty
 * when never seen offline), then {@code ;<device>=<instance>} per device, e.g.
 * {@code 1700000000000;phone=conn-1;laptop=conn-2}. Ids never contain {@code ;} or {@code =}.
 */
record StoredUser(String user, Map<String, String> devices, Long lastSeen) {

    static final char DEVICE = ';';
    static final char HOLDER = '=';

    /** Decodes a stored value; {@code null} is a user never seen. */
    static StoredUser decode(String user, String value) {
        if (value == null || value.isEmpty()) {
            return new StoredUser(user, Map.of(), null);
        }
        int at = value.indexOf(DEVICE);
        int seenEnd = at < 0 ? value.length() : at;
        Long lastSeen = seenEnd == 0 ? null : Long.parseLong(value, 0, seenEnd, 10);
        Map<String, String> devices = at < 0 ? Map.of() : new LinkedHashMap<>(4);
        while (at >= 0) {
            int holder = value.indexOf(HOLDER, at + 1);
            int next = value.indexOf(DEVICE, holder + 1);
            devices.put(value.substring(at + 1, holder), value.substring(holder + 1, next < 0 ? value.length() : next));
            at = next;
        }
        return new StoredUser(user, devices, lastSeen);
    }

    /**
     * What a look-up answers for a stored value: the same as {@code decode(user, value).view(instances)},
     * without the intermediate map (a look-up decodes thousands).
     */
    static UserPresence present(String user, String value, Map<String, Instance> instances) {
        if (value == null || value.isEmpty()) {
            return new UserPresence(user, List.of(), null);
        }
        int at = value.indexOf(DEVICE);
        int seenEnd = at < 0 ? value.length() : at;
        Long seen = seenEnd == 0 ? null : Long.parseLong(value, 0, seenEnd, 10);
        List<DeviceLocation> online = null;
        while (at >= 0) {
            int holder = value.indexOf(HOLDER, at + 1);
            int next = value.indexOf(DEVICE, holder + 1);
            String id = value.substring(holder + 1, next < 0 ? value.length() : next);
            Instance instance = instances.get(id);
            if (instance != null && instance.alive()) {
                online = online == null ? new ArrayList<>(2) : online;
                online.add(new DeviceLocation(value.substring(at + 1, holder), id));
            } else if (instance != null) {
                seen = seen == null ? instance.lastRenewal() : Math.max(seen, instance.lastRenewal());
            }
            at = next;
        }
        return online == null
                ? new UserPresence(user, List.of(), seen)
                : new UserPresence(user, Collections.unmodifiableList(online), null);
    }

    /** The stored form: {@code <lastSeen>;<device>=<instance>...}. */
    String encode() {
        StringBuilder value = new StringBuilder(lastSeen == null ? "" : lastSeen.toString());
        devices.forEach((device, instance) ->
                value.append(DEVICE).append(device).append(HOLDER).append(instance));
        return value.toString();
    }

    /** The user as clients see it, given the known instances. */
    UserPresence view(Map<String, Instance> instances) {
        List<DeviceLocation> online = new ArrayList<>(devices.size());
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
