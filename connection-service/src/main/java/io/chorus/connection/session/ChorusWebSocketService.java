package io.chorus.connection.session;

import io.netty.channel.Channel;
import io.netty.channel.EventLoop;
import org.springframework.http.HttpStatus;
import org.springframework.http.server.reactive.ServerHttpRequestDecorator;
import org.springframework.web.reactive.socket.WebSocketHandler;
import org.springframework.web.reactive.socket.server.RequestUpgradeStrategy;
import org.springframework.web.reactive.socket.server.support.HandshakeWebSocketService;
import org.springframework.web.server.ServerWebExchange;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;

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
            Mono<Void> upgrade =
                    Mono.defer(() -> super.handleRequest(exchange, session -> connections.handle(session, channel)));
            // The upgrade must happen on the channel's event loop: the WebFlux chain may reach this point on
            // another thread (the security chain hops to the parallel scheduler), and an off-loop handshake
            // lets the client's first frame reach the channel before Reactor Netty binds the WebSocket
            // operations to it, which drops that frame.
            EventLoop loop = channel.eventLoop();
            return loop.inEventLoop() ? upgrade : upgrade.subscribeOn(Schedulers.fromExecutor(loop));
        }
        return super.handleRequest(exchange, handler);
    }
}
