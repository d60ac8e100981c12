package io.chorus.client;

import org.jspecify.annotations.Nullable;

/**
 * The client has no usable connection: not connected, the handshake was refused, or the session closed
 * before a reply arrived.
 */
public class ChorusConnectionException extends ChorusException {

    /** The HTTP status of a refused handshake, the WebSocket close code of a closed session, or 0. */
    private final int status;

    public ChorusConnectionException(String message, int status) {
        super(message);
        this.status = status;
    }

    public ChorusConnectionException(String message, int status, @Nullable Throwable cause) {
        super(message, cause);
        this.status = status;
    }

    /** The HTTP status of a refused handshake (401 for a bad token), the close code, or 0. */
    public int status() {
        return status;
    }

    /** {@code true} when the handshake was refused with 401: the token is missing, expired or forged. */
    public boolean isUnauthorized() {
        return status == 401;
    }
}
