package io.chorus.connection.session;

import io.chorus.connection.config.ConnectionProperties;
import io.chorus.connection.hub.Hub;
import io.chorus.connection.metrics.ConnectionMetrics;
import io.chorus.connection.upstream.PresenceReporter;
import io.chorus.protocol.ClientFrame;
import io.chorus.protocol.CloseCode;
import io.chorus.protocol.ErrorCode;
import io.chorus.protocol.ServerFrame;
import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;
import io.netty.channel.WriteBufferWaterMark;
import io.netty.handler.codec.http.websocketx.WebSocketFrameAggregator;
import io.netty.handler.codec.http.websocketx.extensions.WebSocketExtensionEncoder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.publisher.Mono;
import reactor.netty.http.websocket.WebsocketInbound;
import reactor.netty.http.websocket.WebsocketOutbound;

/**
 * Serves one upgraded connection. Inbound frames never enter a Reactor pipeline: a small Netty handler
 * ({@link InboundFrames}) placed right before Reactor Netty's bridge decodes each frame on the event loop,
 * rejects bad input with an {@code error} frame and a strike, and hands requests to the connection, which
 * serves them one at a time, in order. The send side is the channel itself (the hub and the replies write
 * to it directly). The returned Mono completes when the socket is closed.
 */
public final class ConnectionHandler {

    private static final Logger log = LoggerFactory.getLogger(ConnectionHandler.class);

    private final ConnectionRegistry registry;
    private final Hub hub;
    private final RequestHandler requests;
    private final FrameDecoder decoder;
    private final FrameEncoder encoder;
    private final ConnectionMetrics metrics;
    private final PresenceReporter presence;
    private final ConnectionProperties properties;

    public ConnectionHandler(
            ConnectionRegistry registry,
            Hub hub,
            RequestHandler requests,
            FrameDecoder decoder,
            FrameEncoder encoder,
            ConnectionMetrics metrics,
            PresenceReporter presence,
            ConnectionProperties properties) {
        this.registry = registry;
        this.hub = hub;
        this.requests = requests;
        this.decoder = decoder;
        this.encoder = encoder;
        this.metrics = metrics;
        this.presence = presence;
        this.properties = properties;
    }

    /** Serves the connection upgraded as {@code in}/{@code out} for {@code identity} on {@code device}. */
    public Mono<Void> serve(WebsocketInbound in, WebsocketOutbound out, Identity identity, String device) {
        Channel[] channel = new Channel[1];
        in.withConnection(netty -> channel[0] = netty.channel());
        Connection connection = open(channel[0], identity, device);
        in.withConnection(netty -> netty.addHandlerLast(
                        "chorus-aggregator",
                        new WebSocketFrameAggregator(properties.limits().hardFrameBytes()))
                .addHandlerLast("chorus-inbound", new InboundFrames(connection, this)));
        channel[0].config().setAutoRead(true);
        channel[0].read();
        return Mono.create(sink -> channel[0].closeFuture().addListener(closed -> {
            disconnect(connection);
            sink.success();
        }));
    }

    private Connection open(Channel channel, Identity identity, String device) {
        ConnectionProperties.Outbound outbound = properties.outbound();
        channel.config()
                .setWriteBufferWaterMark(new WriteBufferWaterMark(outbound.lowWaterBytes(), outbound.highWaterBytes()));
        Connection connection = new Connection(
                registry.nextId(),
                identity,
                device,
                channel,
                outbound.hopelessBytes(),
                outbound.compressOnce() && negotiatedDeflate(channel),
                properties.heartbeat().closeGrace(),
                metrics);
        connection.servedBy(this);
        registry.add(connection);
        presence.connected(identity.user(), connection.device());
        log.debug("connection opened: {}", connection);
        return connection;
    }

    private static boolean negotiatedDeflate(Channel channel) {
        for (java.util.Map.Entry<String, io.netty.channel.ChannelHandler> handler : channel.pipeline()) {
            if (handler.getValue() instanceof WebSocketExtensionEncoder) {
                return true;
            }
        }
        return false;
    }

    private void disconnect(Connection connection) {
        registry.remove(connection);
        for (String room : connection.end()) {
            hub.leave(room, connection);
        }
        presence.disconnected(connection.user(), connection.device());
        log.debug("connection closed: {}", connection);
    }

    /** A text frame arrived on the event loop: decode it and queue the request, or reject it. */
    void text(Connection connection, ByteBuf payload) {
        if (connection.isClosing()) {
            return; // closing: what the client still sends is read and dropped
        }
        long now = System.currentTimeMillis();
        connection.received(now);
        ConnectionProperties.Limits limits = properties.limits();
        if (!connection.withinRate(now, limits.maxFramesPerSecond())) {
            reject(connection, now, null, ErrorCode.RATE_LIMITED, "too many frames per second");
            return;
        }
        int size = payload.readableBytes();
        if (size > limits.maxFrameBytes()) {
            reject(connection, now, null, ErrorCode.TOO_LARGE, "frame over " + limits.maxFrameBytes() + " bytes");
            return;
        }
        byte[] bytes = new byte[size];
        payload.readBytes(bytes);
        FrameDecoder.Decoded decoded = decoder.decode(bytes);
        if (decoded instanceof FrameDecoder.Rejection rejection) {
            reject(connection, now, rejection.id(), rejection.code(), rejection.message());
            return;
        }
        ClientFrame frame = ((FrameDecoder.Accepted) decoded).frame();
        if (!connection.submit(frame)) {
            reject(connection, now, null, ErrorCode.RATE_LIMITED, "too many requests waiting");
        }
    }

    /** A binary frame arrived: not part of the protocol. */
    void binary(Connection connection) {
        if (connection.isClosing()) {
            return;
        }
        long now = System.currentTimeMillis();
        connection.received(now);
        reject(connection, now, null, ErrorCode.BAD_REQUEST, "binary frames are not supported");
    }

    /** Serves one request: null when served at once, else a Mono that completes once its reply is written. */
    Mono<Void> serve(Connection connection, ClientFrame frame) {
        return requests.handle(connection, frame);
    }

    private void reject(Connection connection, long now, String id, ErrorCode code, String message) {
        metrics.rejected(code.code());
        connection.reply(encoder.encode(new ServerFrame.Error(id, code, message)));
        ConnectionProperties.Limits limits = properties.limits();
        if (connection.strike(now, limits.strikeWindow().toMillis(), limits.maxStrikes())) {
            CloseCode close = code == ErrorCode.TOO_LARGE ? CloseCode.TOO_LARGE : CloseCode.POLICY_VIOLATION;
            log.info("connection closed for abuse: {} code={} last={}", connection, close.code(), code.code());
            connection.close(close, "repeated bad input");
        }
    }
}
