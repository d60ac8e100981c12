package io.chorus.room.web;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpStatus;
import org.springframework.http.HttpStatusCode;
import org.springframework.stereotype.Component;
import org.springframework.web.server.ResponseStatusException;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebExceptionHandler;
import reactor.core.publisher.Mono;
import reactor.netty.channel.AbortedException;

/**
 * Errors that never reach a controller (no such path, wrong method on an unmatched route) as problem+json
 * with a {@code code}, ahead of Spring Boot's default error handler.
 */
@Component
@Order(-2)
class ProblemWebExceptionHandler implements WebExceptionHandler {

    private static final Logger log = LoggerFactory.getLogger(ProblemWebExceptionHandler.class);

    private final ProblemWriter writer;

    ProblemWebExceptionHandler(ProblemWriter writer) {
        this.writer = writer;
    }

    @Override
    public Mono<Void> handle(ServerWebExchange exchange, Throwable error) {
        if (exchange.getResponse().isCommitted() || error instanceof AbortedException) {
            log.debug(
                    "no answer possible: path={} error={}",
                    exchange.getRequest().getPath(),
                    error.toString());
            return Mono.empty();
        }
        if (error instanceof ProblemException problem) {
            return writer.write(exchange, problem.status(), problem.code(), problem.getMessage());
        }
        if (error instanceof ResponseStatusException status) {
            HttpStatusCode code = status.getStatusCode();
            String detail = status.getReason() != null
                    ? status.getReason()
                    : HttpStatus.valueOf(code.value()).getReasonPhrase();
            return writer.write(exchange, code, Problems.codeFor(code), detail);
        }
        log.error("request failed: path={} error={}", exchange.getRequest().getPath(), error.toString(), error);
        return writer.write(
                exchange, HttpStatus.INTERNAL_SERVER_ERROR, io.chorus.protocol.ErrorCode.INTERNAL, "unexpected error");
    }
}
