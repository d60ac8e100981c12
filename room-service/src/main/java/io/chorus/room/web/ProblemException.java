package io.chorus.room.web;

import io.chorus.protocol.ErrorCode;
import java.time.Duration;
import org.springframework.http.HttpStatus;

/**
 * A request refused with a machine-readable {@link ErrorCode}; rendered as {@code application/problem+json}
 * (with {@code Retry-After} when {@link #retryAfter()} is set).
 */
public class ProblemException extends RuntimeException {

    private final ErrorCode code;
    private final HttpStatus status;
    private final Duration retryAfter;

    public ProblemException(ErrorCode code, HttpStatus status, String detail, Duration retryAfter) {
        super(detail, null, false, false);
        this.code = code;
        this.status = status;
        this.retryAfter = retryAfter;
    }

    public ProblemException(ErrorCode code, HttpStatus status, String detail) {
        this(code, status, detail, null);
    }

    public static ProblemException badRequest(String detail) {
        return new ProblemException(ErrorCode.BAD_REQUEST, HttpStatus.BAD_REQUEST, detail);
    }

    public static ProblemException roomNotFound(String room) {
        return new ProblemException(ErrorCode.ROOM_NOT_FOUND, HttpStatus.NOT_FOUND, "no room " + room);
    }

    public static ProblemException roomClosed(String room) {
        return new ProblemException(ErrorCode.ROOM_CLOSED, HttpStatus.CONFLICT, "room " + room + " is closed");
    }

    public static ProblemException forbidden(String detail) {
        return new ProblemException(ErrorCode.FORBIDDEN, HttpStatus.FORBIDDEN, detail);
    }

    public ErrorCode code() {
        return code;
    }

    public HttpStatus status() {
        return status;
    }

    /** When the caller may retry, or {@code null}. */
    public Duration retryAfter() {
        return retryAfter;
    }
}
