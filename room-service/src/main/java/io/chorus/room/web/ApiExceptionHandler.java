package io.chorus.room.web;

import io.chorus.protocol.ErrorCode;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.core.codec.DecodingException;
import org.springframework.core.io.buffer.DataBufferLimitException;
import org.springframework.dao.DataAccessException;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.reactive.result.method.annotation.ResponseEntityExceptionHandler;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.ServerWebInputException;
import reactor.core.publisher.Mono;
import reactor.netty.channel.AbortedException;

/** Every error of the REST and internal API as {@code application/problem+json} with a {@code code}. */
@RestControllerAdvice
class ApiExceptionHandler extends ResponseEntityExceptionHandler {

    private static final Logger log = LoggerFactory.getLogger(ApiExceptionHandler.class);

    @ExceptionHandler(ProblemException.class)
    Mono<ResponseEntity<Object>> handleProblem(ProblemException e) {
        HttpHeaders headers = new HttpHeaders();
        if (e.retryAfter() != null) {
            long seconds = Math.max(1, (e.retryAfter().toMillis() + 999) / 1000);
            headers.set(HttpHeaders.RETRY_AFTER, Long.toString(seconds));
        }
        return Mono.just(problemResponse(e.status(), headers, Problems.of(e.status(), e.code(), e.getMessage())));
    }

    /** Redis did not answer in time, or is down: retry later. */
    @ExceptionHandler(DataAccessException.class)
    Mono<ResponseEntity<Object>> handleStoreUnavailable(DataAccessException e) {
        log.warn("store unavailable: error={}", e.toString());
        HttpStatus status = HttpStatus.SERVICE_UNAVAILABLE;
        HttpHeaders headers = new HttpHeaders();
        headers.set(HttpHeaders.RETRY_AFTER, "1");
        return Mono.just(problemResponse(
                status,
                headers,
                Problems.of(status, ErrorCode.UNAVAILABLE, "the room store is unavailable, retry later")));
    }

    @ExceptionHandler(Exception.class)
    Mono<ResponseEntity<Object>> handleUnexpected(Exception e) {
        if (e instanceof AbortedException) {
            log.debug("client went away: error={}", e.toString());
            return Mono.empty();
        }
        log.error("request failed: error={}", e.toString(), e);
        HttpStatus status = HttpStatus.INTERNAL_SERVER_ERROR;
        return Mono.just(problemResponse(
                status, new HttpHeaders(), Problems.of(status, ErrorCode.INTERNAL, "unexpected error")));
    }

    @Override
    protected Mono<ResponseEntity<Object>> handleServerWebInputException(
            ServerWebInputException ex, HttpHeaders headers, HttpStatusCode status, ServerWebExchange exchange) {
        if (isTooLarge(ex)) {
            HttpStatus tooLarge = HttpStatus.CONTENT_TOO_LARGE;
            return Mono.just(problemResponse(
                    tooLarge, headers, Problems.of(tooLarge, ErrorCode.TOO_LARGE, "request body too large")));
        }
        String detail = ex.getCause() instanceof DecodingException ? "malformed JSON body" : ex.getReason();
        return Mono.just(problemResponse(status, headers, Problems.of(status, ErrorCode.BAD_REQUEST, detail)));
    }

    @Override
    protected Mono<ResponseEntity<Object>> handleExceptionInternal(
            Exception ex, Object body, HttpHeaders headers, HttpStatusCode status, ServerWebExchange exchange) {
        return super.handleExceptionInternal(ex, body, headers, status, exchange)
                .map(response -> withCode(response, status));
    }

    private static ResponseEntity<Object> withCode(ResponseEntity<Object> response, HttpStatusCode status) {
        if (response.getBody() instanceof ProblemDetail problem
                && (problem.getProperties() == null || !problem.getProperties().containsKey("code"))) {
            Problems.withCode(problem, Problems.codeFor(status));
        }
        if (response.getBody() instanceof ProblemDetail problem && problem.getDetail() == null) {
            problem.setDetail(status.value() == 413 ? "request body too large" : problem.getTitle());
        }
        return response;
    }

    private static boolean isTooLarge(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof DataBufferLimitException) {
                return true;
            }
        }
        return false;
    }

    private static ResponseEntity<Object> problemResponse(
            HttpStatusCode status, HttpHeaders headers, ProblemDetail problem) {
        return ResponseEntity.status(status)
                .headers(headers)
                .contentType(MediaType.APPLICATION_PROBLEM_JSON)
                .body(problem);
    }
}
