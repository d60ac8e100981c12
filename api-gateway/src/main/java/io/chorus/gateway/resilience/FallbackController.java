package io.chorus.gateway.resilience;

import static org.springframework.cloud.gateway.support.ServerWebExchangeUtils.CIRCUITBREAKER_EXECUTION_EXCEPTION_ATTR;

import io.chorus.gateway.problem.PayloadTooLargeException;
import io.chorus.gateway.problem.Problems;
import io.chorus.protocol.ErrorCode;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Controller;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.server.ServerWebExchange;
import reactor.core.publisher.Mono;

/**
 * Where a route's circuit breaker forwards a failed call (refused, timed out, circuit open, no instance):
 * 503 problem+json with code {@code unavailable} and a Retry-After. Only reachable by such a forward; a
 * client asking for it directly gets 404.
 */
@Controller
class FallbackController {

    static final String RETRY_AFTER_SECONDS = "2";

    private static final Log log = LogFactory.getLog(FallbackController.class);

    private final Problems problems;

    FallbackController(Problems problems) {
        this.problems = problems;
    }

    @RequestMapping("/fallback")
    Mono<Void> fallback(ServerWebExchange exchange) {
        Throwable failure = exchange.getAttribute(CIRCUITBREAKER_EXECUTION_EXCEPTION_ATTR);
        if (failure == null) {
            return problems.write(exchange, HttpStatus.NOT_FOUND, ErrorCode.NOT_FOUND, "no such resource");
        }
        if (failure instanceof PayloadTooLargeException tooLarge) {
            return problems.write(exchange, HttpStatus.CONTENT_TOO_LARGE, ErrorCode.TOO_LARGE, tooLarge.getReason());
        }
        if (Problems.isRequestTimeout(failure)) {
            return problems.write(
                    exchange,
                    HttpStatus.REQUEST_TIMEOUT,
                    ErrorCode.BAD_REQUEST,
                    "the request was not received in time");
        }
        String path = originalPath(exchange);
        log.warn("downstream unavailable: path=" + path + " error="
                + failure.getClass().getSimpleName());
        exchange.getResponse().getHeaders().set("Retry-After", RETRY_AFTER_SECONDS);
        return problems.write(
                exchange,
                HttpStatus.SERVICE_UNAVAILABLE,
                ErrorCode.UNAVAILABLE,
                "the service is unavailable; retry later",
                path);
    }

    /** The path the client asked for (the forward replaced it with /fallback). */
    private static String originalPath(ServerWebExchange exchange) {
        String original = exchange.getAttribute(OriginalPathFilter.ORIGINAL_PATH_ATTR);
        return original != null ? original : exchange.getRequest().getPath().value();
    }
}
