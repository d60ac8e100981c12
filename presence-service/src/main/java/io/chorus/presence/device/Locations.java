package io.chorus.presence.device;

import io.chorus.presence.lease.InstanceLeases.Instance;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * The answer of a fan-out look-up as read from Redis: each user's stored value as raw bytes ({@link
 * StoredUser}'s form, {@code <lastSeen>;<device>=<instance>...}) and the known instances. {@link
 * #visitOnline} walks the devices held by a live instance, in the order asked and stored, handing out byte
 * ranges instead of strings, so a look-up of thousands of users builds no per-user objects. The devices
 * visited are exactly those of {@link StoredUser#present}.
 */
public final class Locations {

    /** Receives the online devices of each user with at least one. */
    public interface Visitor {

        /** Before the first online device of {@code user}. */
        void user(String user);

        /** One online device: its id and its instance's id, as ASCII byte ranges of {@code value}. */
        void device(byte[] value, int deviceFrom, int deviceLength, int instanceFrom, int instanceLength);

        /** After the last online device of the user named by the latest {@link #user}. */
        void endUser();
    }

    private final List<String> users;
    private final RawValues values;
    private final Map<String, Instance> instances;

    Locations(List<String> users, RawValues values, Map<String, Instance> instances) {
        if (users.size() != values.size()) {
            throw new IllegalArgumentException("one value per user: " + users.size() + " != " + values.size());
        }
        this.users = users;
        this.values = values;
        this.instances = instances;
    }

    /** How many users were asked (after removing repeated ones). */
    public int size() {
        return users.size();
    }

    /** Visits every user with a device on a live instance, and those devices. */
    public void visitOnline(Visitor visitor) {
        // values of one look-up mostly name the same few instances: remember the latest one's bytes and state
        byte[] value = values.bytes();
        int lastFrom = -1;
        int lastLength = 0;
        boolean lastAlive = false;
        for (int i = 0; i < users.size(); i++) {
            int start = values.start(i);
            if (start < 0) {
                continue;
            }
            int limit = start + values.length(i);
            boolean started = false;
            int at = indexOf(value, StoredUser.DEVICE, start, limit);
            while (at >= 0) {
                int holder = indexOf(value, StoredUser.HOLDER, at + 1, limit);
                if (holder < 0) {
                    break; // not the stored form: no device to read
                }
                int next = indexOf(value, StoredUser.DEVICE, holder + 1, limit);
                int end = next < 0 ? limit : next;
                int from = holder + 1;
                int length = end - from;
                boolean alive;
                if (lastFrom >= 0 && Arrays.equals(value, from, end, value, lastFrom, lastFrom + lastLength)) {
                    alive = lastAlive;
                } else {
                    Instance instance = instances.get(new String(value, from, length, StandardCharsets.ISO_8859_1));
                    alive = instance != null && instance.alive();
                    lastFrom = from;
                    lastLength = length;
                    lastAlive = alive;
                }
                if (alive) {
                    if (!started) {
                        visitor.user(users.get(i));
                        started = true;
                    }
                    visitor.device(value, at + 1, holder - at - 1, from, length);
                }
                at = next;
            }
            if (started) {
                visitor.endUser();
            }
        }
    }

    private static int indexOf(byte[] value, char wanted, int from, int limit) {
        for (int i = from; i < limit; i++) {
            if (value[i] == wanted) {
                return i;
            }
        }
        return -1;
    }
}
