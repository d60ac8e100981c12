package io.chorus.protocol;

/**
 * WebSocket close codes the server uses, each with the reconnect rule clients follow (docs/protocol.md).
 */
public enum CloseCode {
    /** Normal closure (the client asked, or a session ended normally). Do not reconnect automatically. */
    NORMAL(1000, Reconnect.NO),
    /**
     * Going away: this instance is draining (deploy, scale-in). Reconnect at once with a small random
     * jitter (0-5 s); the gateway routes to another instance. Rejoin rooms and pull gaps.
     */
    GOING_AWAY(1001, Reconnect.SOON),
    /** Policy violation: repeated abuse. Reconnect only after backing off for at least 30 s. */
    POLICY_VIOLATION(1008, Reconnect.BACKOFF),
    /** A frame was too large, repeatedly. Fix the client; reconnect with backoff. */
    TOO_LARGE(1009, Reconnect.BACKOFF),
    /** Internal error. Reconnect with exponential backoff. */
    INTERNAL_ERROR(1011, Reconnect.BACKOFF),
    /**
     * Try again later: the client could not keep up (outbound queue hopeless) or the instance is
     * overloaded. Reconnect with exponential backoff, rejoin and pull gifts and messages missed.
     */
    TRY_AGAIN_LATER(1013, Reconnect.BACKOFF),
    /** The access token expired during the session. Get a fresh token, then reconnect at once. */
    TOKEN_EXPIRED(4001, Reconnect.NEW_TOKEN),
    /** No frame (not even a ping) arrived within the idle timeout. Reconnect at once. */
    IDLE_TIMEOUT(4002, Reconnect.SOON);

    /** What a client does after the close. */
    public enum Reconnect {
        NO,
        SOON,
        BACKOFF,
        NEW_TOKEN
    }

    private final int code;
    private final Reconnect reconnect;

    CloseCode(int code, Reconnect reconnect) {
        this.code = code;
        this.reconnect = reconnect;
    }

    public int code() {
        return code;
    }

    public Reconnect reconnect() {
        return reconnect;
    }

    /** The close code for a numeric value, or {@code null} when it is not one of Chorus's. */
    public static CloseCode of(int code) {
        for (CloseCode value : values()) {
            if (value.code == code) {
                return value;
            }
        }
        return null;
    }
}
