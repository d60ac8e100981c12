package io.chorus.gift.leaderboard;

/**
 * gift-service's own Redis keys of a room, hash-tagged with the room channel {@code room:{<room>}} so that the
 * push script touches a single Redis Cluster slot.
 */
public final class LeaderboardKeys {

    private LeaderboardKeys() {}

    /** The highest gift sequence number pushed to the room channel (string); guards against redelivery. */
    public static String pushedUpTo(String room) {
        return "room:{" + room + "}:gifts:pushed";
    }

    /**
     * The highest gift sequence number counted in {@link #leaders} (string). While it exists, the board is the exact
     * sum of the room's gifts up to it; when it is gone (expired, or Redis lost it) the board is rebuilt from
     * Cassandra before anything is counted again.
     */
    public static String countedUpTo(String room) {
        return "room:{" + room + "}:gifts:counted";
    }

    /** Top gifters: sorted set of user id scored by amount x catalog value. */
    public static String leaders(String room) {
        return "room:{" + room + "}:gifts:leaders";
    }

    /** Display names of the gifters (hash user id -> name). */
    public static String names(String room) {
        return "room:{" + room + "}:gifts:names";
    }
}
