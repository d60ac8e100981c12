package io.chorus.gateway.problem;

import io.chorus.protocol.ErrorCode;
import java.util.LinkedHashMap;
import java.util.Map;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.server.reactive.ServerHttpResponse;
import org.springframework.stereotype.Component;
import org.springframework.web.server.ServerWebExchange;
import reactor.core.publisher.Mono;
import tools.jackson.databind.json.JsonMapper;

/**
 * Writes an error as {@code application/problem+json} with {@code type}, {@code title}, {@code status},
 * {@code detail} and a machine-readable {@code code}, the shape every Chorus service answers errors in.
 */
@Component
public class Problems {

    /** Problem types name the error code, as in every service: {@code https://chorus.io/problems/<code>}. */
    static final String TYPE_BASE = "https://chorus.io/problems/";

    private final JsonMapper json;

    public Problems(JsonMapper json) {
        this.json = json;
    }

    /** Writes the problem unless the response is already committed; never throws. */
    public Mono<Void> write(ServerWebExchange exchange, HttpStatus status, ErrorCode code, String detail) {
        return write(
                exchange, status, code, detail, exchange.getRequest().getPath().value());
    }

    /** The same, naming another request path as the problem's {@code instance} (a forwarded request's original). */
    public Mono<Void> write(
            ServerWebExchange exchange, HttpStatus status, ErrorCode code, String detail, String instance) {
        ServerHttpResponse response = exchange.getResponse();
        if (response.isCommitted()) {
            return Mono.empty();
        }
        response.setStatusCode(status);
        response.getHeaders().setContentType(MediaType.APPLICATION_PROBLEM_JSON);
        response.getHeaders().remove("Content-Length");
        Map<String, Object> problem = new LinkedHashMap<>();
        problem.put("type", TYPE_BASE + code.code());
        problem.put("title", status.getReasonPhrase());
        problem.put("status", status.value());
        problem.put("detail", detail);
        problem.put("code", code.code());
        problem.put("instance", instance);
        return response.writeWith(
                Mono.fromSupplier(() -> response.bufferFactory().wrap(json.writeValueAsBytes(problem))));
    }

    /** Reactor Netty's (package-private) signal that a client did not send its whole request in time. */
    public static boolean isRequestTimeout(Throwable error) {
        return error != null
                && "RequestTimeoutException".equals(error.getClass().getSimpleName());
    }

    /** The error code that goes with an HTTP status the gateway produces. */
    public static ErrorCode codeFor(HttpStatus status) {
        return switch (status) {
            case UNAUTHORIZED -> ErrorCode.UNAUTHORIZED;
            case FORBIDDEN -> ErrorCode.FORBIDDEN;
            case NOT_FOUND, METHOD_NOT_ALLOWED -> ErrorCode.NOT_FOUND;
            case CONFLICT -> ErrorCode.CONFLICT;
            case CONTENT_TOO_LARGE, REQUEST_HEADER_FIELDS_TOO_LARGE, URI_TOO_LONG -> ErrorCode.TOO_LARGE;
            case TOO_MANY_REQUESTS -> ErrorCode.RATE_LIMITED;
            case BAD_GATEWAY, SERVICE_UNAVAILABLE, GATEWAY_TIMEOUT -> ErrorCode.UNAVAILABLE;
            default -> status.is4xxClientError() ? ErrorCode.BAD_REQUEST : ErrorCode.INTERNAL;
        };
    }
}
