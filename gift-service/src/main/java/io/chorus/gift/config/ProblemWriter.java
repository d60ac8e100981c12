package io.chorus.gift.config;

import io.chorus.protocol.ErrorCode;
import java.nio.charset.StandardCharsets;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.security.access.AccessDeniedException;
import org.springframework.security.core.AuthenticationException;
import org.springframework.web.server.ServerWebExchange;
import reactor.core.publisher.Mono;

/** Security failures as problem+json, like every other error of the API. */
final class ProblemWriter {

    private ProblemWriter() {}

    static Mono<Void> unauthorized(ServerWebExchange exchange, AuthenticationException error) {
        exchange.getResponse().getHeaders().set(HttpHeaders.WWW_AUTHENTICATE, "Bearer");
        return write(exchange, HttpStatus.UNAUTHORIZED, ErrorCode.UNAUTHORIZED, "a valid bearer token is required");
    }

    static Mono<Void> forbidden(ServerWebExchange exchange, AccessDeniedException error) {
        return write(exchange, HttpStatus.FORBIDDEN, ErrorCode.FORBIDDEN, "this needs another role");
    }

    private static Mono<Void> write(ServerWebExchange exchange, HttpStatus status, ErrorCode code, String detail) {
        var response = exchange.getResponse();
        response.setStatusCode(status);
        response.getHeaders().setContentType(MediaType.APPLICATION_PROBLEM_JSON);
        String body = "{\"type\":\"https://chorus.io/problems/" + code.code() + "\",\"title\":\""
                + status.getReasonPhrase() + "\",\"status\":" + status.value() + ",\"detail\":\"" + detail
                + "\",\"code\":\"" + code.code() + "\"}";
        var buffer = response.bufferFactory().wrap(body.getBytes(StandardCharsets.UTF_8));
        return response.writeWith(Mono.just(buffer));
    }
}
