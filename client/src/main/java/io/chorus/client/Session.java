package io.chorus.client;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.EventLoop;
import io.netty.handler.codec.http.websocketx.TextWebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocketFrame;
import java.nio.charset.StandardCharsets;
import java.util.function.ObjLongConsumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.publisher.Mono;
import reactor.core.publisher.Sinks;
import reactor.netty.http.websocket.WebsocketInbound;
import reactor.netty.http.websocket.WebsocketOutbound;

/**
 * One open WebSocket session: writes text frames, reads them into a callback, and tells how it ended (the
 * peer's close code, or {@link ReconnectPolicy#ABNORMAL_CLOSURE} when the connection dropped without one).
 */
final class Session {

    private static final Logger log = LoggerFactory.getLogger(Session.class);

    private final Channel channel;
    private final WebsocketOutbound outbound;
    private final Sinks.One<Integer> closed = Sinks.one();
    private final long openedNanos = System.nanoTime();
    private volatile int closeStatus = ReconnectPolicy.ABNORMAL_CLOSURE;

    private Session(Channel channel, WebsocketOutbound outbound) {
        this.channel = channel;
        this.outbound = outbound;
    }

    /** Wraps a freshly upgraded connection; {@link #receive} must be returned to reactor-netty's handler. */
    static Session open(WebsocketInbound inbound, WebsocketOutbound outbound) {
        Channel[] channel = new Channel[1];
        inbound.withConnection(connection -> channel[0] = connection.channel());
        Session session = new Session(channel[0], outbound);
        inbound.withConnection(connection -> connection.onDispose(session::disposed));
        inbound.receiveCloseStatus().subscribe(status -> session.closeStatus = status.code(), error -> {});
        return session;
    }

    /** Reads text frames into {@code onText} until the connection ends. */
    Mono<Void> receive(WebsocketInbound inbound, int maxFramePayloadLength, ObjLongConsumer<String> onText) {
        return inbound.aggregateFrames(maxFramePayloadLength)
                .receiveFrames()
                .doOnNext(frame -> deliver(frame, onText))
                .then();
    }

    private void deliver(WebSocketFrame frame, ObjLongConsumer<String> onText) {
        if (frame instanceof TextWebSocketFrame text) {
            long receivedNanos = System.nanoTime();
            try {
                onText.accept(text.text(), receivedNanos);
            } catch (RuntimeException ex) {
                log.warn("Frame handling failed: channel={} reason={}", channel.id(), ex.toString(), ex);
            }
        }
    }

    /**
     * Writes one text frame. Fails at once when the connection is gone or its outbound buffer is above the
     * high-water mark (the server does not read): the send buffer stays bounded.
     */
    Mono<Void> send(String text) {
        if (!channel.isActive()) {
            return Mono.error(new ChorusConnectionException("not connected", closeStatus));
        }
        if (!channel.isWritable()) {
            return Mono.error(new ChorusConnectionException("outbound buffer full", 0));
        }
        return Mono.create(
                sink -> channel.writeAndFlush(new TextWebSocketFrame(text)).addListener(future -> {
                    if (future.isSuccess()) {
                        sink.success();
                    } else {
                        sink.error(new ChorusConnectionException("send failed", 0, future.cause()));
                    }
                }));
    }

    /**
     * Writes one text frame without tracking it: {@code false} when the connection is gone or its outbound
     * buffer is above the high-water mark. A write that fails later closes the connection.
     */
    boolean sendRaw(String text) {
        if (!channel.isActive() || !channel.isWritable()) {
            return false;
        }
        // the frame encoder copies the payload once more (masking it), so a plain heap array is the cheapest source
        ByteBuf payload = Unpooled.wrappedBuffer(text.getBytes(StandardCharsets.UTF_8));
        channel.writeAndFlush(new TextWebSocketFrame(payload), channel.voidPromise());
        return true;
    }

    /** The event loop that does this connection's I/O. */
    EventLoop eventLoop() {
        return channel.eventLoop();
    }

    /** Starts the closing handshake. */
    Mono<Void> close(int code, String reason) {
        if (!channel.isActive()) {
            return Mono.empty();
        }
        return outbound.sendClose(code, reason).onErrorResume(ex -> Mono.empty());
    }

    /** Drops the connection without a closing handshake (a dead peer). */
    void abort() {
        channel.close();
    }

    /** The close code once the connection is gone. */
    Mono<Integer> closed() {
        return closed.asMono();
    }

    boolean isOpen() {
        return channel.isActive();
    }

    long openedNanos() {
        return openedNanos;
    }

    private void disposed() {
        closed.tryEmitValue(closeStatus);
    }
}
