package io.chorus.infra.process;

/** A server could not be started or did not become ready; the message says why and what to do. */
public class ServerStartupException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    public ServerStartupException(String message) {
        super(message);
    }

    public ServerStartupException(String message, Throwable cause) {
        super(message, cause);
    }
}
