package io.chorus.client;

import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.websocketx.WebSocketClientHandshakeException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.ObjLongConsumer;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.Disposable;
import reactor.core.publisher.Mono;
import reactor.core.publisher.MonoSink;
import reactor.netty.http.client.HttpClient;
import reactor.netty.http.client.WebsocketClientSpec;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Opens WebSocket sessions to one endpoint (URI with token and device, headers, compression, source address), or,
 * routing first, to the instance the gateway's {@code GET /api/connect} names, with its ticket.
 */
final class Connector {

    private static final Logger log = LoggerFactory.getLogger(Connector.class);
    private static final String CONNECT_PATH = "/api/connect";
    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final ClientOptions options;
    private final WebsocketClientSpec spec;

    Connector(ClientOptions options) {
        this.options = options;
        this.spec = WebsocketClientSpec.builder()
                .compress(options.compression())
                .maxFramePayloadLength(options.maxFramePayloadLength())
                .build();
    }

    /**
     * Opens a session; the {@code Mono} emits once the upgrade succeeded. A refused upgrade fails with a
     * {@link ChorusConnectionException} carrying the HTTP status.
     */
    Mono<Session> open(String token, ObjLongConsumer<String> onText) {
        Mono<Session> session = options.routeThenConnect()
                ? route(token).flatMap(target -> open(httpClient(null), target, onText))
                : open(httpClient(token), uri(token), onText);
        return session.timeout(
                options.connectTimeout(),
                Mono.error(this::timedOut),
                options.resources().timer());
    }

    private Mono<Session> open(HttpClient client, String target, ObjLongConsumer<String> onText) {
        return Mono.<Session>create(sink -> {
            AtomicBoolean opened = new AtomicBoolean();
            Disposable connection = client.websocket(spec)
                    .uri(target)
                    .handle((in, out) -> {
                        Session session = Session.open(in, out);
                        opened.set(true);
                        sink.success(session);
                        return session.receive(in, options.maxFramePayloadLength(), onText);
                    })
                    .subscribe(null, error -> failed(sink, opened.get(), error));
            sink.onCancel(connection);
        });
    }

    /**
     * Route, then connect: {@code GET /api/connect} at the gateway (the URI's host, http for ws, https for wss)
     * answers {@code {url, ticket, expiresAt}}; the target is {@code url?ticket=<ticket>&device=<device>}. A refusal
     * fails like a refused upgrade, with the gateway's status.
     */
    Mono<String> route(String token) {
        return options.resources()
                .httpClient()
                .headers(headers -> headers.set(HttpHeaderNames.AUTHORIZATION, "Bearer " + token))
                .get()
                .uri(connectUri())
                .responseSingle((response, body) -> {
                    int status = response.status().code();
                    if (status != 200) {
                        return Mono.error(new ChorusConnectionException("connect refused: status=" + status, status));
                    }
                    return body.asByteArray().map(this::target);
                })
                .onErrorMap(
                        error -> !(error instanceof ChorusConnectionException),
                        error -> new ChorusConnectionException("connect failed: " + error, 0, error));
    }

    /** {@code /api/connect} on the gateway named by the URI. */
    String connectUri() {
        URI base = options.uri();
        String scheme = "wss".equals(base.getScheme()) ? "https" : "http";
        return scheme + "://" + base.getRawAuthority() + CONNECT_PATH;
    }

    String target(byte[] answer) {
        JsonNode json = JSON.readTree(answer);
        String url = json.path("url").asString(null);
        String ticket = json.path("ticket").asString(null);
        if (url == null || ticket == null || !(url.startsWith("ws://") || url.startsWith("wss://"))) {
            throw new ChorusConnectionException("connect answer without a WebSocket url and a ticket", 0);
        }
        StringBuilder query = new StringBuilder();
        appendParam(query, "ticket", ticket);
        appendParam(query, "device", options.device());
        return url + (url.contains("?") ? "&" : "?") + query;
    }

    private ChorusConnectionException timedOut() {
        return new ChorusConnectionException(
                "no WebSocket upgrade within " + options.connectTimeout().toMillis() + " ms", 0);
    }

    private void failed(MonoSink<Session> sink, boolean opened, Throwable error) {
        if (opened) {
            log.debug("Session ended with an error: uri={} reason={}", options.uri(), error.toString());
            return;
        }
        sink.error(translate(error));
    }

    private static ChorusConnectionException translate(Throwable error) {
        if (error instanceof WebSocketClientHandshakeException handshake && handshake.response() != null) {
            int status = handshake.response().status().code();
            return new ChorusConnectionException("upgrade refused: status=" + status, status, error);
        }
        return new ChorusConnectionException("connect failed: " + error, 0, error);
    }

    private HttpClient httpClient(@Nullable String token) {
        HttpClient client = options.resources().httpClient();
        InetAddress bindAddress = options.bindAddress();
        if (bindAddress != null) {
            client = client.bindAddress(() -> new InetSocketAddress(bindAddress, 0));
        }
        if (token != null && options.authorizationHeader()) {
            client = client.headers(headers -> headers.set(HttpHeaderNames.AUTHORIZATION, "Bearer " + token));
        }
        return client;
    }

    /** The endpoint with {@code access_token} (unless sent as a header) and {@code device} appended. */
    String uri(String token) {
        URI base = options.uri();
        StringBuilder query = new StringBuilder(base.getRawQuery() == null ? "" : base.getRawQuery());
        if (!options.authorizationHeader()) {
            appendParam(query, "access_token", token);
        }
        appendParam(query, "device", options.device());
        String path = base.getRawPath() == null || base.getRawPath().isEmpty() ? "/" : base.getRawPath();
        String uri = base.getScheme() + "://" + base.getRawAuthority() + path;
        return query.length() == 0 ? uri : uri + "?" + query;
    }

    private static void appendParam(StringBuilder query, String name, @Nullable String value) {
        if (value == null) {
            return;
        }
        if (query.length() > 0) {
            query.append('&');
        }
        query.append(name).append('=').append(URLEncoder.encode(value, StandardCharsets.UTF_8));
    }
}
