package io.chorus.presence.web;

import io.chorus.protocol.ErrorCode;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.web.ErrorResponseException;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.server.ServerWebInputException;

/** Every error leaves as application/problem+json with a machine-readable {@code code}. */
@RestControllerAdvice
class ProblemHandler {

    private static final Logger log = LoggerFactory.getLogger(ProblemHandler.class);

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

    @ExceptionHandler(Exception.class)
    ProblemDetail unexpected(Exception error) {
        log.error("request failed: error={}", error.toString(), error);
        return ApiException.problem(HttpStatus.INTERNAL_SERVER_ERROR, ErrorCode.INTERNAL, "internal error");
    }
}
