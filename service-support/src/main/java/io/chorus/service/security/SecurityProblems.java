package io.chorus.service.security;

import io.chorus.protocol.ErrorCode;
import java.nio.charset.StandardCharsets;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.server.reactive.ServerHttpResponse;
import org.springframework.security.web.server.ServerAuthenticationEntryPoint;
import org.springframework.security.web.server.authorization.ServerAccessDeniedHandler;
import org.springframework.web.server.ServerWebExchange;
import reactor.core.publisher.Mono;

/** 401 and 403 from a security chain as problem+json with a {@code code}, like every other error of the API. */
public final class SecurityProblems {

    private static final String TYPE_BASE = "https://chorus.io/problems/";

    private SecurityProblems() {}

    /** 401 {@code unauthorized} with {@code WWW-Authenticate: Bearer}. */
    public static ServerAuthenticationEntryPoint entryPoint() {
        return (exchange, error) -> {
            exchange.getResponse().getHeaders().set(HttpHeaders.WWW_AUTHENTICATE, "Bearer");
            return write(exchange, HttpStatus.UNAUTHORIZED, ErrorCode.UNAUTHORIZED, "a valid bearer token is required");
        };
    }

    /** 403 {@code forbidden}. */
    public static ServerAccessDeniedHandler accessDenied() {
        return (exchange, error) ->
                write(exchange, HttpStatus.FORBIDDEN, ErrorCode.FORBIDDEN, "the caller lacks the role for this");
    }

    static Mono<Void> write(ServerWebExchange exchange, HttpStatus status, ErrorCode code, String detail) {
        ServerHttpResponse response = exchange.getResponse();
        if (response.isCommitted()) {
            return Mono.empty();
        }
        response.setStatusCode(status);
        response.getHeaders().setContentType(MediaType.APPLICATION_PROBLEM_JSON);
        String body = "{\"type\":\"" + TYPE_BASE + code.code() + "\",\"title\":\"" + status.getReasonPhrase()
                + "\",\"status\":" + status.value() + ",\"detail\":\"" + detail + "\",\"instance\":\""
                + jsonEscaped(exchange.getRequest().getPath().value()) + "\",\"code\":\"" + code.code() + "\"}";
        return response.writeWith(Mono.just(response.bufferFactory().wrap(body.getBytes(StandardCharsets.UTF_8))));
    }

    static String jsonEscaped(String text) {
        StringBuilder escaped = new StringBuilder(text.length() + 8);
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            switch (c) {
                case '"' -> escaped.append("\\\"");
                case '\\' -> escaped.append("\\\\");
                default -> {
                    if (c < 0x20) {
                        escaped.append(String.format("\\u%04x", (int) c));
                    } else {
                        escaped.append(c);
                    }
                }
            }
        }
        return escaped.toString();
    }
}
