package io.chorus.gateway.config;

import io.chorus.gateway.problem.Problems;
import io.chorus.protocol.ErrorCode;
import org.springframework.http.HttpStatus;
import org.springframework.security.access.AccessDeniedException;
import org.springframework.security.core.AuthenticationException;
import org.springframework.stereotype.Component;
import org.springframework.web.server.ServerWebExchange;
import reactor.core.publisher.Mono;

/** 401 and 403 as problem+json; a WebSocket upgrade gets the same 401 before anything is upgraded. */
@Component
class SecurityProblems {

    private final Problems problems;

    SecurityProblems(Problems problems) {
        this.problems = problems;
    }

    Mono<Void> unauthorized(ServerWebExchange exchange, AuthenticationException error) {
        exchange.getResponse().getHeaders().set("WWW-Authenticate", "Bearer");
        return problems.write(
                exchange, HttpStatus.UNAUTHORIZED, ErrorCode.UNAUTHORIZED, "a valid access token is required");
    }

    Mono<Void> forbidden(ServerWebExchange exchange, AccessDeniedException error) {
        return problems.write(
                exchange, HttpStatus.FORBIDDEN, ErrorCode.FORBIDDEN, "the caller lacks the role for this");
    }
}
