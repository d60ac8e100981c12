package io.chorus.room.config;

import io.chorus.protocol.ErrorCode;
import io.chorus.room.web.ProblemWriter;
import org.springframework.http.HttpStatus;
import org.springframework.security.web.server.ServerAuthenticationEntryPoint;
import org.springframework.security.web.server.authorization.ServerAccessDeniedHandler;

/** 401 and 403 from the security chain as problem details, like every other error of the service. */
final class ProblemSecurityHandlers {

    private final ProblemWriter writer;

    ProblemSecurityHandlers(ProblemWriter writer) {
        this.writer = writer;
    }

    ServerAuthenticationEntryPoint entryPoint() {
        return (exchange, e) -> {
            exchange.getResponse().getHeaders().set("WWW-Authenticate", "Bearer");
            return writer.write(
                    exchange, HttpStatus.UNAUTHORIZED, ErrorCode.UNAUTHORIZED, "a valid bearer token is required");
        };
    }

    ServerAccessDeniedHandler accessDenied() {
        return (exchange, e) ->
                writer.write(exchange, HttpStatus.FORBIDDEN, ErrorCode.FORBIDDEN, "the caller lacks the role for this");
    }
}
