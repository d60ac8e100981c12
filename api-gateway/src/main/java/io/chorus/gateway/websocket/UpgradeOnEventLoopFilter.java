package io.chorus.gateway.websocket;

import io.netty.channel.EventLoop;
import org.springframework.cloud.gateway.filter.GatewayFilterChain;
import org.springframework.cloud.gateway.filter.GlobalFilter;
import org.springframework.cloud.gateway.filter.WebsocketRoutingFilter;
import org.springframework.core.Ordered;
import org.springframework.http.server.reactive.ServerHttpRequest;
import org.springframework.http.server.reactive.ServerHttpRequestDecorator;
import org.springframework.stereotype.Component;
import org.springframework.web.server.ServerWebExchange;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;
import reactor.netty.NettyInbound;

/**
 * Answers a WebSocket upgrade on the client connection's own event loop. The filters before the proxy may
 * finish elsewhere (the per-user rate limit completes on the Redis client's thread); when the upgrade is
 * then answered from that thread, a frame the client sends right after the {@code 101} can reach the
 * connection before Reactor Netty has switched it from the finished HTTP request to the WebSocket, and the
 * frame is dropped ({@code FluxReceive: dropping frame}, seen under load as a client's first {@code join}
 * never answered). On the event loop, the switch happens before the connection reads again.
 */
@Component
public class UpgradeOnEventLoopFilter implements GlobalFilter, Ordered {

    /**
     * Just before the WebSocket proxy ({@link WebsocketRoutingFilter}, {@code LOWEST_PRECEDENCE - 1}), after
     * every filter that may hop threads (rate limit, load balancer).
     */
    public static final int ORDER = Ordered.LOWEST_PRECEDENCE - 10;

    @Override
    public int getOrder() {
        return ORDER;
    }

    @Override
    public Mono<Void> filter(ServerWebExchange exchange, GatewayFilterChain chain) {
        if (!isWebSocketUpgrade(exchange.getRequest())) {
            return chain.filter(exchange);
        }
        EventLoop loop = eventLoop(exchange.getRequest());
        if (loop == null || loop.inEventLoop()) {
            return chain.filter(exchange);
        }
        return Mono.defer(() -> chain.filter(exchange)).subscribeOn(Schedulers.fromExecutor(loop));
    }

    /** Whether the request asks for a WebSocket upgrade. */
    public static boolean isWebSocketUpgrade(ServerHttpRequest request) {
        return "websocket".equalsIgnoreCase(request.getHeaders().getUpgrade());
    }

    /** The event loop of the connection the request came on, or null when it is not a Reactor Netty request. */
    public static EventLoop eventLoop(ServerHttpRequest request) {
        Object nativeRequest = ServerHttpRequestDecorator.getNativeRequest(request);
        if (!(nativeRequest instanceof NettyInbound inbound)) {
            return null;
        }
        EventLoop[] loop = new EventLoop[1];
        inbound.withConnection(connection -> loop[0] = connection.channel().eventLoop());
        return loop[0];
    }
}
