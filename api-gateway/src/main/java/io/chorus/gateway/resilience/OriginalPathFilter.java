package io.chorus.gateway.resilience;

import org.springframework.cloud.gateway.filter.GatewayFilterChain;
import org.springframework.cloud.gateway.filter.GlobalFilter;
import org.springframework.core.Ordered;
import org.springframework.stereotype.Component;
import org.springframework.web.server.ServerWebExchange;
import reactor.core.publisher.Mono;

/**
 * Remembers the path the client asked for, so a fallback (reached by a forward to /fallback, after retries
 * that reset the gateway's own URL attributes) can name it in its problem's {@code instance}.
 */
@Component
class OriginalPathFilter implements GlobalFilter, Ordered {

    static final String ORIGINAL_PATH_ATTR = OriginalPathFilter.class.getName() + ".path";

    @Override
    public Mono<Void> filter(ServerWebExchange exchange, GatewayFilterChain chain) {
        exchange.getAttributes()
                .putIfAbsent(ORIGINAL_PATH_ATTR, exchange.getRequest().getPath().value());
        return chain.filter(exchange);
    }

    @Override
    public int getOrder() {
        return Ordered.HIGHEST_PRECEDENCE;
    }
}
