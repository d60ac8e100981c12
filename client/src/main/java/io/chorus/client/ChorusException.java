package io.chorus.client;

/** Base of the exceptions a {@link ChorusClient} signals through its {@code Mono}s. */
public class ChorusException extends RuntimeException {

    public ChorusException(String message) {
        super(message);
    }

    public ChorusException(String message, Throwable cause) {
        super(message, cause);
    }
}
