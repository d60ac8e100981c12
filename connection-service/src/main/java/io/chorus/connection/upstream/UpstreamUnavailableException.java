package io.chorus.connection.upstream;

/** An upstream service answered 5xx: a failure for its circuit breaker. No stack trace (it is expected). */
final class UpstreamUnavailableException extends RuntimeException {

    UpstreamUnavailableException(String message) {
        super(message, null, false, false);
    }
}
