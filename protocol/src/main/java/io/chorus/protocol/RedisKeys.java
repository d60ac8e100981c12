package io.chorus.protocol;

/** Redis keys shared by more than one service. Hash tags keep a room's keys on one Redis Cluster slot. */
public final class RedisKeys {

    private RedisKeys() {}

    /** Route index: sorted set of connection-service instance ids holding viewers of a room (score: lease expiry). */
    public static String roomRoute(String roomId) {
        return "route:room:{" + roomId + "}";
    }

    /** Lease of a connection-service instance; expires by itself when the instance dies. */
    public static String instanceLease(String instanceId) {
        return "lease:instance:" + instanceId;
    }

    /** Set of live connection-service instances (members are checked against their lease). */
    public static final String INSTANCES = "instances";

    /** Recent history of a room: a capped list of encoded {@link RoomMessage}s, newest last. */
    public static String roomRecent(String roomId) {
        return "room:{" + roomId + "}:recent";
    }

    /** A room's settings and state (hash). */
    public static String room(String roomId) {
        return "room:{" + roomId + "}:meta";
    }

    /**
     * Bans and timeouts of a room: sorted set of user ids scored by the epoch millis the ban ends
     * ({@code +inf} for a permanent ban). Written by room-service; read by the connection tier at join.
     */
    public static String roomBans(String roomId) {
        return "room:{" + roomId + "}:bans";
    }
}
