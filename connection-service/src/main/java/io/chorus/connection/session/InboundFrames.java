package io.chorus.connection.session;

import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.http.websocketx.BinaryWebSocketFrame;
import io.netty.handler.codec.http.websocketx.CloseWebSocketFrame;
import io.netty.handler.codec.http.websocketx.CorruptedWebSocketFrameException;
import io.netty.handler.codec.http.websocketx.PingWebSocketFrame;
import io.netty.handler.codec.http.websocketx.PongWebSocketFrame;
import io.netty.handler.codec.http.websocketx.TextWebSocketFrame;
import io.netty.util.ReferenceCountUtil;
import java.io.IOException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The inbound side of one connection, a Netty handler right before Reactor Netty's bridge: text and binary
 * frames are consumed here on the event loop (no per-frame Reactor signals, no inbound buffering); pings go on
 * to Reactor Netty, which answers them with pongs; a close frame started by the client goes on to Reactor
 * Netty too (it answers and closes), one that answers ours closes the socket here.
 */
final class InboundFrames extends ChannelInboundHandlerAdapter {

    private static final Logger log = LoggerFactory.getLogger(InboundFrames.class);

    private final Connection connection;
    private final ConnectionHandler handler;

    InboundFrames(Connection connection, ConnectionHandler handler) {
        this.connection = connection;
        this.handler = handler;
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (msg instanceof TextWebSocketFrame text) {
            try {
                handler.text(connection, text.content());
            } finally {
                text.release();
            }
        } else if (msg instanceof BinaryWebSocketFrame) {
            ReferenceCountUtil.release(msg);
            handler.binary(connection);
        } else if (msg instanceof PongWebSocketFrame) {
            ReferenceCountUtil.release(msg);
            connection.received(System.currentTimeMillis());
        } else if (msg instanceof CloseWebSocketFrame && connection.isClosing()) {
            // the client's answer to our close frame: the closing handshake is complete
            ReferenceCountUtil.release(msg);
            ctx.close();
        } else if (msg instanceof PingWebSocketFrame || msg instanceof CloseWebSocketFrame) {
            connection.received(System.currentTimeMillis());
            ctx.fireChannelRead(msg);
        } else {
            ctx.fireChannelRead(msg);
        }
    }

    /**
     * A frame over the hard limit (the decoder has already sent 1009 and closes the socket after it) or a
     * reset socket is the client's business: logged at debug; anything else goes on to Reactor Netty.
     */
    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        if (cause instanceof CorruptedWebSocketFrameException) {
            log.debug("connection input refused: {} error={}", connection, cause.toString());
            return;
        }
        if (cause instanceof IOException) {
            log.debug("connection input failed: {} error={}", connection, cause.toString());
            ctx.close();
            return;
        }
        ctx.fireExceptionCaught(cause);
    }
}
