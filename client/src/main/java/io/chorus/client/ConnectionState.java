package io.chorus.client;

/** Where a {@link ChorusClient} stands. */
public enum ConnectionState {
    /** Built, {@link ChorusClient#connect()} not called yet. */
    NEW,
    /** The first connection is being opened. */
    CONNECTING,
    /** A WebSocket session is open. */
    CONNECTED,
    /** The session closed; the client waits for its backoff delay or is opening a new session. */
    RECONNECTING,
    /** Closed for good: by {@link ChorusClient#close()}, a close code without reconnect, or giving up. */
    CLOSED
}
