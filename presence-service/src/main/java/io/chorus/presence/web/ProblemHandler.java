package io.chorus.presence.web;

import io.chorus.protocol.ErrorCode;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.ErrorResponseException;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.server.ServerWebInputException;

/** Every error leaves as application/problem+json with a machine-readable {@code code}. */
@RestControllerAdvice
class ProblemHandler {

    private static final Logger log = LoggerFactory.getLogger(ProblemHandler.class);
    private static final String RETRY_AFTER_SECONDS = "1";

    private volatile long lastUnavailableLog;

    @ExceptionHandler(ApiException.class)
    ProblemDetail api(ApiException error) {
        return error.getBody();
    }

    @ExceptionHandler(ServerWebInputException.class)
    ProblemDetail input(ServerWebInputException error) {
        return ApiException.problem(HttpStatus.BAD_REQUEST, ErrorCode.BAD_REQUEST, "malformed request body");
    }

    @ExceptionHandler(ErrorResponseException.class)
    ProblemDetail framework(ErrorResponseException error) {
        HttpStatus status = HttpStatus.valueOf(error.getStatusCode().value());
        ErrorCode code =
                switch (status) {
                    case NOT_FOUND -> ErrorCode.NOT_FOUND;
                    case UNAUTHORIZED -> ErrorCode.UNAUTHORIZED;
                    case FORBIDDEN -> ErrorCode.FORBIDDEN;
                    case PAYLOAD_TOO_LARGE -> ErrorCode.TOO_LARGE;
                    default -> status.is4xxClientError() ? ErrorCode.BAD_REQUEST : ErrorCode.INTERNAL;
                };
        return ApiException.problem(status, code, error.getBody().getDetail());
    }

    /**
     * Redis down, unreachable, restarting or too slow: 503 {@code unavailable} with {@code Retry-After}, so
     * callers retry (connection-service sends a failed presence batch again on its next tick) instead of
     * treating it as a bug; anything else unexpected is a 500.
     */
    @ExceptionHandler(Exception.class)
    ResponseEntity<ProblemDetail> unexpected(Exception error) {
        if (StoreFailures.unavailable(error)) {
            long now = System.currentTimeMillis();
            if (now - lastUnavailableLog >= 1_000) { // at most one line a second while Redis is away
                lastUnavailableLog = now;
                log.warn("request failed, Redis unavailable: error={}", error.toString());
            }
            return ResponseEntity.status(HttpStatus.SERVICE_UNAVAILABLE)
                    .header(HttpHeaders.RETRY_AFTER, RETRY_AFTER_SECONDS)
                    .body(ApiException.problem(
                            HttpStatus.SERVICE_UNAVAILABLE,
                            ErrorCode.UNAVAILABLE,
                            "presence store unavailable, retry later"));
        }
        log.error("request failed: error={}", error.toString(), error);
        return ResponseEntity.status(HttpStatus.INTERNAL_SERVER_ERROR)
                .body(ApiException.problem(HttpStatus.INTERNAL_SERVER_ERROR, ErrorCode.INTERNAL, "internal error"));
    }
}
