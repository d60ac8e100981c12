package io.chorus.room.config;

import io.chorus.protocol.ErrorCode;
import io.chorus.room.web.ProblemWriter;
import org.springframework.core.Ordered;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Component;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebFilter;
import org.springframework.web.server.WebFilterChain;
import reactor.core.publisher.Mono;

/**
 * Refuses a request body announced larger than {@code chorus.room.chat.max-body-bytes} with 413
 * {@code too_large}, before anything reads it. (A body without a length is bounded by the codecs' limit.)
 */
@Component
class RequestSizeFilter implements WebFilter, Ordered {

    private final long maxBodyBytes;
    private final ProblemWriter writer;

    RequestSizeFilter(RoomProperties properties, ProblemWriter writer) {
        this.maxBodyBytes = properties.chat().maxBodyBytes();
        this.writer = writer;
    }

    @Override
    public Mono<Void> filter(ServerWebExchange exchange, WebFilterChain chain) {
        long length = exchange.getRequest().getHeaders().getContentLength();
        if (length > maxBodyBytes) {
            return writer.write(
                    exchange,
                    HttpStatus.CONTENT_TOO_LARGE,
                    ErrorCode.TOO_LARGE,
                    "request body larger than " + maxBodyBytes + " bytes");
        }
        return chain.filter(exchange);
    }

    @Override
    public int getOrder() {
        return Ordered.HIGHEST_PRECEDENCE;
    }
}
