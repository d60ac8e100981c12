package io.chorus.client;

import java.time.Duration;

/** No reply to a request arrived within the request timeout. */
public class ChorusTimeoutException extends ChorusException {

    private final String requestType;
    private final Duration timeout;

    public ChorusTimeoutException(String requestType, Duration timeout) {
        super("no reply to " + requestType + " within " + timeout.toMillis() + " ms");
        this.requestType = requestType;
        this.timeout = timeout;
    }

    /** The {@code type} of the request that got no reply. */
    public String requestType() {
        return requestType;
    }

    public Duration timeout() {
        return timeout;
    }
}
