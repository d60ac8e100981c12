package io.chorus.gift.leaderboard;

/**
 * gift-service's own Redis keys of a room, hash-tagged with the room channel {@code room:{<room>}} so that the
 * push script touches a single Redis Cluster slot.
 */
public final class LeaderboardKeys {

    private LeaderboardKeys() {}

    /** The highest gift sequence number pushed and counted (string); guards against redelivery. */
    public static String pushedUpTo(String room) {
        return "room:{" + room + "}:gifts:pushed";
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
