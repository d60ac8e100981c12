package io.chorus.connection.session;

import io.netty.channel.Channel;
import org.springframework.http.HttpStatus;
import org.springframework.http.server.reactive.ServerHttpRequestDecorator;
import org.springframework.web.reactive.socket.WebSocketHandler;
import org.springframework.web.reactive.socket.server.RequestUpgradeStrategy;
import org.springframework.web.reactive.socket.server.support.HandshakeWebSocketService;
import org.springframework.web.server.ServerWebExchange;
import reactor.core.publisher.Mono;

/**
 * The handshake: refuses upgrades with 503 while the instance drains, and hands the Netty channel of the
 * upgraded connection to {@link ConnectionHandler} so the hub can write shared buffers to it directly. Authentication happened before, in the security filter chain (401, no upgrade).
 */
public final class ChorusWebSocketService extends HandshakeWebSocketService {

    private final ConnectionRegistry registry;

    public ChorusWebSocketService(RequestUpgradeStrategy upgradeStrategy, ConnectionRegistry registry) {
        super(upgradeStrategy);
        this.registry = registry;
    }

    @Override
    public Mono<Void> handleRequest(ServerWebExchange exchange, WebSocketHandler handler) {
        if (!registry.accepting()) {
            exchange.getResponse().setStatusCode(HttpStatus.SERVICE_UNAVAILABLE);
            exchange.getResponse().getHeaders().set("Retry-After", "1");
            return exchange.getResponse().setComplete();
        }
        Object request = ServerHttpRequestDecorator.getNativeRequest(exchange.getRequest());
        if (handler instanceof ConnectionHandler connections && request instanceof reactor.netty.Connection netty) {
            Channel channel = netty.channel();
            return super.handleRequest(exchange, session -> connections.handle(session, channel));
        }
        return super.handleRequest(exchange, handler);
    }
}
