package io.chorus.gateway.limits;

import io.chorus.gateway.config.GatewayProperties;
import io.chorus.gateway.problem.PayloadTooLargeException;
import io.chorus.gateway.problem.Problems;
import io.chorus.protocol.ErrorCode;
import java.util.concurrent.atomic.AtomicLong;
import org.springframework.core.Ordered;
import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.core.io.buffer.DataBufferUtils;
import org.springframework.http.HttpStatus;
import org.springframework.http.server.reactive.ServerHttpRequest;
import org.springframework.http.server.reactive.ServerHttpRequestDecorator;
import org.springframework.stereotype.Component;
import org.springframework.web.server.ServerWebExchange;
import org.springframework.web.server.WebFilter;
import org.springframework.web.server.WebFilterChain;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * Caps request bodies before anything else reads them: a declared Content-Length above the limit gets 413 at
 * once; a body without one (chunked) is counted as it streams and cut off with 413 at the limit.
 */
@Component
class RequestSizeFilter implements WebFilter, Ordered {

    /** Ahead of security: an oversized body costs no token check. */
    static final int ORDER = -200;

    private final Problems problems;
    private final long maxBytes;

    RequestSizeFilter(Problems problems, GatewayProperties properties) {
        this.problems = problems;
        this.maxBytes = properties.maxBodySize().toBytes();
    }

    @Override
    public int getOrder() {
        return ORDER;
    }

    @Override
    public Mono<Void> filter(ServerWebExchange exchange, WebFilterChain chain) {
        ServerHttpRequest request = exchange.getRequest();
        long declared = request.getHeaders().getContentLength();
        if (declared > maxBytes) {
            return problems.write(
                    exchange,
                    HttpStatus.CONTENT_TOO_LARGE,
                    ErrorCode.TOO_LARGE,
                    "the request body exceeds " + maxBytes + " bytes");
        }
        if (declared >= 0) {
            return chain.filter(exchange);
        }
        ServerHttpRequest counted = new ServerHttpRequestDecorator(request) {
            @Override
            public Flux<DataBuffer> getBody() {
                return capped(super.getBody());
            }
        };
        return chain.filter(exchange.mutate().request(counted).build());
    }

    private Flux<DataBuffer> capped(Flux<DataBuffer> body) {
        AtomicLong seen = new AtomicLong();
        return body.handle((buffer, sink) -> {
            if (seen.addAndGet(buffer.readableByteCount()) > maxBytes) {
                DataBufferUtils.release(buffer);
                sink.error(new PayloadTooLargeException(maxBytes));
                return;
            }
            sink.next(buffer);
        });
    }
}
