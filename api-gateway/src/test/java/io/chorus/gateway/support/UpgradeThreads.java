package io.chorus.gateway.support;

import io.chorus.gateway.websocket.UpgradeOnEventLoopFilter;
import io.netty.channel.EventLoop;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.cloud.gateway.filter.GatewayFilterChain;
import org.springframework.cloud.gateway.filter.GlobalFilter;
import org.springframework.context.annotation.Bean;
import org.springframework.core.Ordered;
import org.springframework.web.server.ServerWebExchange;
import reactor.core.publisher.Mono;

/**
 * Records, for every WebSocket upgrade, whether the WebSocket proxy is reached on the event loop of the client's
 * connection: a gateway filter placed between {@link UpgradeOnEventLoopFilter} and the proxy.
 */
@TestConfiguration(proxyBeanMethods = false)
public class UpgradeThreads {

    /** One entry per upgrade: true when the proxy ran on the client connection's event loop. */
    public static final List<Boolean> ON_EVENT_LOOP = new CopyOnWriteArrayList<>();

    @Bean
    GlobalFilter upgradeThreadRecorder() {
        return new RecordingFilter();
    }

    static final class RecordingFilter implements GlobalFilter, Ordered {

        @Override
        public int getOrder() {
            return UpgradeOnEventLoopFilter.ORDER + 1;
        }

        @Override
        public Mono<Void> filter(ServerWebExchange exchange, GatewayFilterChain chain) {
            if (UpgradeOnEventLoopFilter.isWebSocketUpgrade(exchange.getRequest())) {
                EventLoop loop = UpgradeOnEventLoopFilter.eventLoop(exchange.getRequest());
                ON_EVENT_LOOP.add(loop != null && loop.inEventLoop());
            }
            return chain.filter(exchange);
        }
    }
}
