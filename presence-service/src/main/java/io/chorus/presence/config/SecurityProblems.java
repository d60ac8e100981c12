package io.chorus.presence.config;

import io.chorus.protocol.ErrorCode;
import java.util.LinkedHashMap;
import java.util.Map;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.security.access.AccessDeniedException;
import org.springframework.security.core.AuthenticationException;
import org.springframework.stereotype.Component;
import org.springframework.web.server.ServerWebExchange;
import reactor.core.publisher.Mono;
import tools.jackson.databind.json.JsonMapper;

/** Writes 401 and 403 as application/problem+json with a {@code code}, like every other error. */
@Component
class SecurityProblems {

    private final JsonMapper json;

    SecurityProblems(JsonMapper json) {
        this.json = json;
    }

    Mono<Void> unauthorized(ServerWebExchange exchange, AuthenticationException error) {
        exchange.getResponse().getHeaders().set("WWW-Authenticate", "Bearer");
        return write(exchange, HttpStatus.UNAUTHORIZED, ErrorCode.UNAUTHORIZED, "a valid access token is required");
    }

    Mono<Void> forbidden(ServerWebExchange exchange, AccessDeniedException error) {
        return write(exchange, HttpStatus.FORBIDDEN, ErrorCode.FORBIDDEN, "the caller lacks the role for this");
    }

    private Mono<Void> write(ServerWebExchange exchange, HttpStatus status, ErrorCode code, String detail) {
        var response = exchange.getResponse();
        response.setStatusCode(status);
        response.getHeaders().setContentType(MediaType.APPLICATION_PROBLEM_JSON);
        Map<String, Object> problem = new LinkedHashMap<>();
        problem.put("type", "about:blank");
        problem.put("title", status.getReasonPhrase());
        problem.put("status", status.value());
        problem.put("detail", detail);
        problem.put("code", code.code());
        problem.put("instance", exchange.getRequest().getPath().value());
        var buffer = response.bufferFactory().wrap(json.writeValueAsBytes(problem));
        return response.writeWith(Mono.just(buffer));
    }
}
