package io.chorus.gateway.problem;

import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.springframework.boot.webflux.error.ErrorWebExceptionHandler;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpStatus;
import org.springframework.http.HttpStatusCode;
import org.springframework.stereotype.Component;
import org.springframework.web.server.ResponseStatusException;
import org.springframework.web.server.ServerWebExchange;
import reactor.core.publisher.Mono;

/**
 * Every error the gateway itself answers (no route, a downstream failure outside a circuit breaker, a too
 * large body) becomes problem+json. Runs before Boot's default handler. Logs never carry headers or the
 * query string, where tokens live.
 */
@Component
@Order(-2)
class ProblemErrorHandler implements ErrorWebExceptionHandler {

    private static final Log log = LogFactory.getLog(ProblemErrorHandler.class);

    private final Problems problems;

    ProblemErrorHandler(Problems problems) {
        this.problems = problems;
    }

    @Override
    public Mono<Void> handle(ServerWebExchange exchange, Throwable error) {
        HttpStatus status = statusOf(error);
        if (status.is5xxServerError()) {
            log.warn("request failed: path=" + exchange.getRequest().getPath().value() + " status=" + status.value()
                    + " error=" + error.getClass().getSimpleName());
        }
        return problems.write(exchange, status, Problems.codeFor(status), detailOf(status, error));
    }

    static HttpStatus statusOf(Throwable error) {
        if (error instanceof ResponseStatusException rse) {
            HttpStatusCode code = rse.getStatusCode();
            HttpStatus status = HttpStatus.resolve(code.value());
            return status != null ? status : HttpStatus.INTERNAL_SERVER_ERROR;
        }
        if (Problems.isRequestTimeout(error)) {
            return HttpStatus.REQUEST_TIMEOUT;
        }
        return HttpStatus.INTERNAL_SERVER_ERROR;
    }

    private static String reasonOf(Throwable error, HttpStatus status) {
        if (status.is4xxClientError() && error instanceof ResponseStatusException rse && rse.getReason() != null) {
            return rse.getReason();
        }
        return status.getReasonPhrase();
    }

    private static String detailOf(HttpStatus status, Throwable error) {
        return switch (status) {
            case NOT_FOUND -> "no such resource";
            case CONTENT_TOO_LARGE -> ((ResponseStatusException) error).getReason();
            case REQUEST_TIMEOUT -> "the request was not received in time";
            case SERVICE_UNAVAILABLE, BAD_GATEWAY, GATEWAY_TIMEOUT -> "the service is unavailable; retry later";
            case INTERNAL_SERVER_ERROR -> "unexpected error";
            default -> reasonOf(error, status);
        };
    }
}
