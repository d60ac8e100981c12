package io.chorus.presence;

/**
 * Redis keys owned by presence-service. A user's keys share the hash tag {@code {<user>}} so they live on
 * one Redis Cluster slot.
 */
public final class PresenceKeys {

    /** Hash: instance id -> epoch millis of its last lease renewal (kept after death for last seen). */
    public static final String INSTANCES = "presence:instances";

    /** Field prefix of a device in a user's hash: {@code d:<device>} -> instance id. */
    public static final String DEVICE_FIELD = "d:";

    /** Field of a user's hash holding the epoch millis the user was last online. */
    public static final String LAST_SEEN_FIELD = "seen";

    private PresenceKeys() {}

    /** Hash of one user: {@code d:<device>} -> instance, {@code seen} -> last seen millis. */
    public static String user(String user) {
        return "presence:{" + user + "}";
    }

    /** Set of users whose presence this user subscribed to. */
    public static String subscriptions(String user) {
        return "presence:{" + user + "}:subs";
    }

    /** Set of users subscribed to this user's presence. */
    public static String watchers(String user) {
        return "presence:{" + user + "}:watchers";
    }

    /** Counter of users with at least one device on an instance. */
    public static String onlineCount(String instance) {
        return "presence:instance:" + instance + ":online";
    }

    /** HyperLogLog of a room's viewers in one window. */
    public static String viewers(String room, long window) {
        return "viewers:{" + room + "}:" + window;
    }
}
