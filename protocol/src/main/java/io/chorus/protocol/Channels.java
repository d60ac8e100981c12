package io.chorus.protocol;

/**
 * Redis pub/sub channel names. Room channels use sharded pub/sub (SSUBSCRIBE/SPUBLISH) so that on a
 * Redis Cluster each room lives on one shard; the hash tag keeps a room's channel and keys together.
 */
public final class Channels {

    private static final String ROOM = "room:{";
    private static final String INSTANCE = "instance:{";

    private Channels() {}

    /** The channel carrying a live room's server frames: {@code room:{<roomId>}}. */
    public static String room(String roomId) {
        return ROOM + roomId + "}";
    }

    /** The room id of a room channel, or {@code null} when the channel is not a room channel. */
    public static String roomOf(String channel) {
        if (!channel.startsWith(ROOM) || !channel.endsWith("}")) {
            return null;
        }
        return channel.substring(ROOM.length(), channel.length() - 1);
    }

    /**
     * The channel of one connection-service instance carrying {@link UserDelivery} payloads: personal
     * notifications for users connected there, in batches (one subscription per instance, not one per
     * user).
     */
    public static String instance(String instanceId) {
        return INSTANCE + instanceId + "}:deliveries";
    }
}
