package io.chorus.presence;

/**
 * Redis keys owned by presence-service. A user's keys share the hash tag {@code {<user>}} so they live on
 * one Redis Cluster slot.
 */
public final class PresenceKeys {

    /** Hash: instance id -> epoch millis of its last lease renewal (kept after death for last seen). */
    public static final String INSTANCES = "presence:instances";

    /**
     * Set once every user stored as a hash by an earlier version has been converted to the string form
     * (value: epoch millis of the conversion).
     */
    public static final String STRING_FORMAT = "presence:format:string";

    private PresenceKeys() {}

    /** String of one user: {@code <lastSeen>;<device>=<instance>...} (a hash before this format). */
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
