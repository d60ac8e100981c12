package io.chorus.gift.web;

import io.chorus.protocol.ErrorCode;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.bind.support.WebExchangeBindException;
import org.springframework.web.server.MissingRequestValueException;
import org.springframework.web.server.ResponseStatusException;
import org.springframework.web.server.ServerWebInputException;

/** Every error of the REST API as problem+json with a machine-readable {@code code}. */
@RestControllerAdvice
class ProblemHandler {

    private static final Logger log = LoggerFactory.getLogger(ProblemHandler.class);

    @ExceptionHandler(GiftProblem.class)
    ResponseEntity<ProblemDetail> giftProblem(GiftProblem problem) {
        return ProblemResponses.entity(problem.status(), problem.code(), problem.getMessage());
    }

    @ExceptionHandler(WebExchangeBindException.class)
    ResponseEntity<ProblemDetail> invalidBody(WebExchangeBindException error) {
        String detail = error.getFieldErrors().stream()
                .map(field -> field.getField() + " " + field.getDefaultMessage())
                .reduce((a, b) -> a + "; " + b)
                .orElse("invalid request body");
        return ProblemResponses.entity(HttpStatus.BAD_REQUEST, ErrorCode.BAD_REQUEST, detail);
    }

    @ExceptionHandler(MissingRequestValueException.class)
    ResponseEntity<ProblemDetail> missingValue(MissingRequestValueException error) {
        String detail = "missing " + error.getLabel() + " '" + error.getName() + "'";
        return ProblemResponses.entity(HttpStatus.BAD_REQUEST, ErrorCode.BAD_REQUEST, detail);
    }

    @ExceptionHandler(ServerWebInputException.class)
    ResponseEntity<ProblemDetail> badInput(ServerWebInputException error) {
        return ProblemResponses.entity(HttpStatus.BAD_REQUEST, ErrorCode.BAD_REQUEST, error.getReason());
    }

    @ExceptionHandler(ResponseStatusException.class)
    ResponseEntity<ProblemDetail> status(ResponseStatusException error) {
        HttpStatus status = HttpStatus.valueOf(error.getStatusCode().value());
        ErrorCode code =
                switch (status) {
                    case NOT_FOUND -> ErrorCode.NOT_FOUND;
                    case UNAUTHORIZED -> ErrorCode.UNAUTHORIZED;
                    case FORBIDDEN -> ErrorCode.FORBIDDEN;
                    case CONFLICT -> ErrorCode.CONFLICT;
                    default -> status.is4xxClientError() ? ErrorCode.BAD_REQUEST : ErrorCode.INTERNAL;
                };
        return ProblemResponses.entity(status, code, error.getReason());
    }

    @ExceptionHandler(TimeoutException.class)
    ResponseEntity<ProblemDetail> timeout(TimeoutException error) {
        return ProblemResponses.entity(
                HttpStatus.SERVICE_UNAVAILABLE, ErrorCode.UNAVAILABLE, "a store did not answer in time");
    }

    @ExceptionHandler(Exception.class)
    ResponseEntity<ProblemDetail> unexpected(Exception error) {
        log.warn("request failed: error={}", error.toString(), error);
        return ProblemResponses.entity(HttpStatus.INTERNAL_SERVER_ERROR, ErrorCode.INTERNAL, "unexpected error");
    }
}
