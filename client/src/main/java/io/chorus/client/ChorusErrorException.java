package io.chorus.client;

import io.chorus.protocol.ErrorCode;
import io.chorus.protocol.ServerFrame;
import org.jspecify.annotations.Nullable;

/** The server answered a request with an {@code error} frame. */
public class ChorusErrorException extends ChorusException {

    private final ErrorCode code;
    private final @Nullable String requestId;

    public ChorusErrorException(ErrorCode code, @Nullable String message, @Nullable String requestId) {
        super(code.code() + (message == null ? "" : ": " + message));
        this.code = code;
        this.requestId = requestId;
    }

    static ChorusErrorException of(ServerFrame.Error error) {
        ErrorCode code = error.code() == null ? ErrorCode.INTERNAL : error.code();
        return new ChorusErrorException(code, error.message(), error.id());
    }

    /** The machine-readable error code. */
    public ErrorCode code() {
        return code;
    }

    /** The id of the failed request. */
    public @Nullable String requestId() {
        return requestId;
    }
}
