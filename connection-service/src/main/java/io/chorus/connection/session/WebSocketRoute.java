package io.chorus.connection.session;

import io.netty.handler.codec.http.DefaultHttpRequest;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpRequest;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.HttpVersion;
import io.netty.handler.codec.http.QueryStringDecoder;
import io.netty.handler.codec.http.websocketx.extensions.WebSocketExtensionData;
import io.netty.handler.codec.http.websocketx.extensions.WebSocketServerExtensionHandler;
import io.netty.handler.codec.http.websocketx.extensions.WebSocketServerExtensionHandshaker;
import io.netty.handler.codec.http.websocketx.extensions.compression.PerMessageDeflateServerExtensionHandshaker;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.reactivestreams.Publisher;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.reactor.netty.NettyRouteProvider;
import org.springframework.security.oauth2.jwt.JwtDecoder;
import org.springframework.security.oauth2.jwt.JwtException;
import reactor.netty.NettyPipeline;
import reactor.netty.http.server.HttpServerRequest;
import reactor.netty.http.server.HttpServerResponse;
import reactor.netty.http.server.HttpServerRoutes;
import reactor.netty.http.server.WebsocketServerSpec;

/**
 * {@code GET /ws} as a Reactor Netty route on the service's own port, ahead of WebFlux (which keeps every
 * other path: actuator and admin). The route verifies the JWT itself (header or {@code access_token} query
 * parameter; missing, expired or forged: 401, no upgrade) or, instead, a connect ticket ({@code ?ticket=}, see
 * {@link ConnectTickets}; never an access token there, never a ticket as an access token), refuses upgrades with 503 while the instance
 * drains, and upgrades on the channel's event loop. Nothing of the HTTP exchange is kept but the
 * {@link Identity} (user, name, roles, expiry) and the device id: see docs/adr/0006-lean-websocket-route.md.
 */
public final class WebSocketRoute implements NettyRouteProvider {

    private static final Logger log = LoggerFactory.getLogger(WebSocketRoute.class);
    private static final String BEARER = "Bearer ";

    /** A connect ticket from api-gateway's {@code GET /api/connect}; it replaces the access token. */
    static final String TICKET = "ticket";

    private final ConnectionRegistry registry;
    private final JwtDecoder jwtDecoder;
    private final JwtDecoder ticketDecoder;
    private final ConnectionHandler connections;
    private final WebsocketServerSpec spec;
    private final boolean compression;

    public WebSocketRoute(
            ConnectionRegistry registry,
            JwtDecoder jwtDecoder,
            JwtDecoder ticketDecoder,
            ConnectionHandler connections,
            int hardFrameBytes,
            boolean compression) {
        this.registry = registry;
        this.jwtDecoder = jwtDecoder;
        this.ticketDecoder = ticketDecoder;
        this.connections = connections;
        this.compression = compression;
        this.spec = WebsocketServerSpec.builder()
                .maxFramePayloadLength(hardFrameBytes)
                .compress(false) // permessage-deflate is negotiated by deflateExtension(), without server context
                .handlePing(false)
                .build();
    }

    @Override
    public HttpServerRoutes apply(HttpServerRoutes routes) {
        return routes.get("/ws", this::upgrade);
    }

    /** Runs on the channel's event loop (Reactor Netty calls route handlers there). */
    Publisher<Void> upgrade(HttpServerRequest request, HttpServerResponse response) {
        if (!registry.accepting()) {
            return response.status(HttpResponseStatus.SERVICE_UNAVAILABLE)
                    .header(HttpHeaderNames.RETRY_AFTER, "1")
                    .send();
        }
        Map<String, List<String>> query = new QueryStringDecoder(request.uri()).parameters();
        List<String> tickets = query.get(TICKET);
        String token = tickets != null
                ? single(tickets)
                : token(request.requestHeaders().get(HttpHeaderNames.AUTHORIZATION), query);
        if (token == null) {
            return unauthorized(response, tickets != null ? "invalid ticket" : "missing token");
        }
        Identity identity;
        try {
            identity = tickets != null
                    ? Identity.ofTicket(ticketDecoder.decode(token))
                    : Identity.of(jwtDecoder.decode(token));
        } catch (JwtException | IllegalArgumentException e) {
            log.debug("upgrade refused: {}", e.getMessage());
            return unauthorized(response, "invalid token");
        }
        if (identity.user() == null) {
            return unauthorized(response, "token without subject");
        }
        String device = device(query);
        if (compression) {
            deflateExtension(request);
        }
        return response.sendWebsocket((in, out) -> connections.serve(in, out, identity, device), spec);
    }

    /**
     * Offers permessage-deflate like Reactor Netty's own {@code compress(true)} does, but always answers with
     * {@code server_no_context_takeover} (RFC 7692 allows the server to add it): every message the server
     * sends is then compressed on its own, so one compressed copy of a room frame is valid on every deflate
     * connection (compress once, send to many). Client context takeover stays as the client asked.
     */
    private static void deflateExtension(HttpServerRequest request) {
        String offered = request.requestHeaders().get(HttpHeaderNames.SEC_WEBSOCKET_EXTENSIONS);
        if (offered == null || !offered.toLowerCase(java.util.Locale.ROOT).contains(PERMESSAGE_DEFLATE)) {
            return;
        }
        request.withConnection(connection -> {
            WebSocketServerExtensionHandler extensions = new WebSocketServerExtensionHandler(NO_CONTEXT_DEFLATE);
            HttpRequest copy = new DefaultHttpRequest(HttpVersion.HTTP_1_1, HttpMethod.GET, request.uri());
            copy.headers().set(request.requestHeaders());
            try {
                // lets the handler read the offer; it answers it when the 101 goes out through it
                extensions.channelRead(connection.channel().pipeline().context(NettyPipeline.ReactiveBridge), copy);
                connection.addHandlerFirst(NettyPipeline.WsCompressionHandler, extensions);
            } catch (Exception e) {
                log.warn("permessage-deflate not offered: {}", e.toString());
            }
        });
    }

    private static final String PERMESSAGE_DEFLATE = "permessage-deflate";
    private static final PerMessageDeflateServerExtensionHandshaker DEFLATE =
            new PerMessageDeflateServerExtensionHandshaker(6, false, 15, true, false);
    private static final WebSocketServerExtensionHandshaker NO_CONTEXT_DEFLATE = data -> {
        if (!PERMESSAGE_DEFLATE.equals(data.name())) {
            return null;
        }
        Map<String, String> parameters = new HashMap<>(data.parameters());
        parameters.putIfAbsent("server_no_context_takeover", null);
        return DEFLATE.handshakeExtension(new WebSocketExtensionData(data.name(), parameters));
    };

    private static Publisher<Void> unauthorized(HttpServerResponse response, String why) {
        return response.status(HttpResponseStatus.UNAUTHORIZED)
                .header(
                        HttpHeaderNames.WWW_AUTHENTICATE,
                        "Bearer error=\"invalid_token\", error_description=\"" + why + "\"")
                .send();
    }

    private static String token(String authorization, Map<String, List<String>> query) {
        if (authorization != null) {
            return authorization.regionMatches(true, 0, BEARER, 0, BEARER.length())
                    ? emptyToNull(authorization.substring(BEARER.length()).trim())
                    : null;
        }
        List<String> values = query.get("access_token");
        return values == null ? null : single(values);
    }

    private static String single(List<String> values) {
        return values.size() != 1 ? null : emptyToNull(values.get(0));
    }

    private static String emptyToNull(String value) {
        return value == null || value.isEmpty() ? null : value;
    }

    private static String device(Map<String, List<String>> query) {
        List<String> values = query.get("device");
        String device = values == null || values.isEmpty() ? null : values.get(0);
        if (device == null || !FrameDecoder.ID.matcher(device).matches()) {
            return "default";
        }
        return device;
    }
}
