package io.chorus.connection.session;

import io.chorus.connection.config.ConnectionProperties;
import io.chorus.connection.hub.Hub;
import io.chorus.connection.metrics.ConnectionMetrics;
import io.chorus.connection.upstream.PresenceReporter;
import io.chorus.protocol.ClientFrame;
import io.chorus.protocol.CloseCode;
import io.chorus.protocol.ErrorCode;
import io.chorus.protocol.ServerFrame;
import io.netty.channel.Channel;
import io.netty.channel.WriteBufferWaterMark;
import java.security.Principal;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.security.oauth2.server.resource.authentication.JwtAuthenticationToken;
import org.springframework.web.reactive.socket.CloseStatus;
import org.springframework.web.reactive.socket.WebSocketHandler;
import org.springframework.web.reactive.socket.WebSocketMessage;
import org.springframework.web.reactive.socket.WebSocketSession;
import org.springframework.web.util.UriComponentsBuilder;
import reactor.core.publisher.Mono;

/**
 * The {@code /ws} handler: one combined {@code Mono<Void>} per connection. The receive side decodes each
 * frame at once (on the event loop, before anything is buffered), rejects bad input with an {@code error}
 * frame and a strike, and serves requests in order; the send side is the channel itself (the hub and the
 * replies write to it directly), so the combined Mono ends when both the inbound stream and the socket are
 * done.
 */
public final class ConnectionHandler implements WebSocketHandler {

    private static final Logger log = LoggerFactory.getLogger(ConnectionHandler.class);
    private static final Object SKIP = new Object();

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

    /** Only Reactor Netty sessions are served, through {@link #handle(WebSocketSession, Channel)}. */
    @Override
    public Mono<Void> handle(WebSocketSession session) {
        log.error("connection refused, not a Reactor Netty channel: session={}", session.getId());
        return session.close(CloseStatus.SERVER_ERROR);
    }

    /** Serves one upgraded connection whose Netty channel is {@code channel}. */
    public Mono<Void> handle(WebSocketSession session, Channel channel) {
        return session.getHandshakeInfo()
                .getPrincipal()
                .map(Optional::of)
                .defaultIfEmpty(Optional.empty())
                .flatMap(principal -> principal.isPresent()
                        ? serve(session, channel, principal.get())
                        : session.close(CloseStatus.POLICY_VIOLATION));
    }

    private Mono<Void> serve(WebSocketSession session, Channel channel, Principal principal) {
        if (!(principal instanceof JwtAuthenticationToken token)) {
            return session.close(CloseStatus.POLICY_VIOLATION);
        }
        Connection connection = open(session, channel, Identity.of(token.getToken()));
        Mono<Void> inbound = session.receive()
                .map(message -> inspect(connection, message))
                .filter(decoded -> decoded != SKIP)
                .concatMap(frame -> requests.handle(connection, (ClientFrame) frame))
                .then()
                .doFinally(signal -> {
                    log.debug("inbound ended: {} signal={}", connection, signal);
                    connection.closeSoon();
                });
        return Mono.zip(inbound, connection.closed())
                .then()
                .onErrorResume(error -> {
                    log.debug("connection failed: {} error={}", connection, error.toString());
                    return Mono.empty();
                })
                .doFinally(signal -> disconnect(connection));
    }

    private Connection open(WebSocketSession session, Channel channel, Identity identity) {
        ConnectionProperties.Outbound outbound = properties.outbound();
        channel.config()
                .setWriteBufferWaterMark(new WriteBufferWaterMark(outbound.lowWaterBytes(), outbound.highWaterBytes()));
        Connection connection = new Connection(
                registry.nextId(),
                identity,
                device(session),
                channel,
                session,
                outbound.hopelessBytes(),
                properties.heartbeat().closeGrace(),
                metrics);
        registry.add(connection);
        presence.connected(identity.user(), connection.device());
        log.debug("connection opened: {}", connection);
        return connection;
    }

    private void disconnect(Connection connection) {
        registry.remove(connection);
        for (String room : connection.end()) {
            hub.leave(room, connection);
        }
        presence.disconnected(connection.user(), connection.device());
        log.debug("connection closed: {}", connection);
    }

    /** Decodes one inbound message synchronously: a {@link ClientFrame}, or {@link #SKIP}. */
    private Object inspect(Connection connection, WebSocketMessage message) {
        long now = System.currentTimeMillis();
        connection.received(now);
        switch (message.getType()) {
            case PING, PONG -> {
                return SKIP;
            }
            case BINARY -> {
                return reject(connection, now, null, ErrorCode.BAD_REQUEST, "binary frames are not supported");
            }
            default -> {
                // text
            }
        }
        ConnectionProperties.Limits limits = properties.limits();
        if (!connection.withinRate(now, limits.maxFramesPerSecond())) {
            return reject(connection, now, null, ErrorCode.RATE_LIMITED, "too many frames per second");
        }
        DataBuffer payload = message.getPayload();
        int size = payload.readableByteCount();
        if (size > limits.maxFrameBytes()) {
            return reject(
                    connection, now, null, ErrorCode.TOO_LARGE, "frame over " + limits.maxFrameBytes() + " bytes");
        }
        byte[] bytes = new byte[size];
        payload.read(bytes);
        FrameDecoder.Decoded decoded = decoder.decode(bytes);
        if (decoded instanceof FrameDecoder.Rejection rejection) {
            return reject(connection, now, rejection.id(), rejection.code(), rejection.message());
        }
        return ((FrameDecoder.Accepted) decoded).frame();
    }

    private Object reject(Connection connection, long now, String id, ErrorCode code, String message) {
        metrics.rejected(code.code());
        connection.reply(encoder.encode(new ServerFrame.Error(id, code, message)));
        ConnectionProperties.Limits limits = properties.limits();
        if (connection.strike(now, limits.strikeWindow().toMillis(), limits.maxStrikes())) {
            CloseCode close = code == ErrorCode.TOO_LARGE ? CloseCode.TOO_LARGE : CloseCode.POLICY_VIOLATION;
            log.info("connection closed for abuse: {} code={} last={}", connection, close.code(), code.code());
            connection.close(close, "repeated bad input");
        }
        return SKIP;
    }

    private static String device(WebSocketSession session) {
        String device = UriComponentsBuilder.fromUri(session.getHandshakeInfo().getUri())
                .build()
                .getQueryParams()
                .getFirst("device");
        if (device == null || !FrameDecoder.ID.matcher(device).matches()) {
            return "default";
        }
        return device;
    }
}
