package io.chorus.room.store;

import io.chorus.protocol.RedisKeys;

/**
 * Redis keys only room-service uses; shared ones are in {@link RedisKeys}. Every key of a room carries the
 * room's hash tag, so one room's keys and channel live on one Redis Cluster slot and its scripts may
 * touch them together.
 */
public final class RoomKeys {

    private RoomKeys() {}

    /** A sender's token bucket in a room (hash: tokens, last refill millis). */
    public static String rate(String room, String user) {
        return "room:{" + room + "}:rate:" + user;
    }

    /** Exists while a sender must wait in a slow-mode room (expires by itself). */
    public static String slowMode(String room, String user) {
        return "room:{" + room + "}:slow:" + user;
    }

    /** The room's delivery token bucket (hash: tokens, last refill millis). */
    public static String budget(String room) {
        return "room:{" + room + "}:budget";
    }

    /** The room's delivery log of the last second (sorted set: "count:unique" scored by millis). */
    public static String budgetLog(String room) {
        return "room:{" + room + "}:budget:log";
    }

    /**
     * The idempotency record of a client message id (hash: msgId, text fingerprint, state, pending deadline):
     * the user's id is length-prefixed, so no two (user, client message id) pairs share a key.
     */
    public static String idempotency(String room, String user, String clientMsgId) {
        return "room:{" + room + "}:idem:" + user.length() + ":" + user + ":" + clientMsgId;
    }
}
