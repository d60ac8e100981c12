package io.chorus.client;

import io.netty.handler.codec.http.HttpResponseStatus;
import io.netty.handler.codec.http.QueryStringDecoder;
import java.net.InetSocketAddress;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Predicate;
import reactor.core.publisher.Mono;
import reactor.core.publisher.Sinks;
import reactor.netty.DisposableServer;
import reactor.netty.http.server.HttpServer;
import reactor.netty.http.server.HttpServerRequest;
import reactor.netty.http.server.HttpServerResponse;
import reactor.netty.http.server.WebsocketServerSpec;
import reactor.netty.http.websocket.WebsocketInbound;
import reactor.netty.http.websocket.WebsocketOutbound;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * A tiny WebSocket server on an ephemeral 127.0.0.1 port speaking a scripted subset of the Chorus protocol:
 * {@code join} (answers {@code joined} with the room's scripted {@code giftSeq}, or {@code room_not_found}),
 * {@code leave}, {@code chat} (the text scripts the answer), {@code ping}, {@code read}. Tests push frames
 * and close sessions with a code.
 *
 * <p>Chat texts: {@code silent} gets no reply; {@code err:<code>} an error; {@code delay:<ms>} an ack after
 * that delay; anything else an ack at once. Acks carry {@code msgId = "m-" + text}.
 */
final class ScriptedServer implements AutoCloseable {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final DisposableServer server;
    private final List<ServerSession> sessions = new CopyOnWriteArrayList<>();
    private final Map<String, Long> giftSeqs = new ConcurrentHashMap<>();
    private final AtomicInteger handshakes = new AtomicInteger();
    private volatile Predicate<Integer> refuseHandshake = attempt -> false;
    private volatile int refusalStatus = 503;
    private volatile boolean answerPings = true;
    private volatile int connectStatus = 200;
    private final List<String> connectCalls = new CopyOnWriteArrayList<>();

    private ScriptedServer(boolean compress) {
        WebsocketServerSpec spec =
                WebsocketServerSpec.builder().compress(compress).build();
        this.server = HttpServer.create()
                .host("127.0.0.1")
                .port(0)
                .route(routes -> routes.get("/ws", (request, response) -> upgrade(request, response, spec))
                        .get("/api/connect", this::connectAnswer))
                .bindNow(Duration.ofSeconds(5));
    }

    static ScriptedServer start() {
        return new ScriptedServer(false);
    }

    static ScriptedServer startWithCompression() {
        return new ScriptedServer(true);
    }

    URI uri() {
        return URI.create("ws://127.0.0.1:" + server.port() + "/ws");
    }

    /** The {@code joined.giftSeq} of a room from now on. */
    void giftSeq(String room, long seq) {
        giftSeqs.put(room, seq);
    }

    /** Refuses the handshakes whose 1-based number matches, with {@code status}. */
    void refuseHandshakes(Predicate<Integer> which, int status) {
        this.refusalStatus = status;
        this.refuseHandshake = which;
    }

    /** The status {@code GET /api/connect} answers from now on (200: this server's /ws and a ticket). */
    void connectStatus(int status) {
        this.connectStatus = status;
    }

    /** The Authorization header of every {@code GET /api/connect} so far. */
    List<String> connectCalls() {
        return connectCalls;
    }

    /**
     * Stands in for the gateway's {@code GET /api/connect}: names this server's /ws (with a query of its own, which
     * the client must keep) and a ticket made from the token ({@code ticket-of-<token>}).
     */
    private Mono<Void> connectAnswer(HttpServerRequest request, HttpServerResponse response) {
        String authorization = request.requestHeaders().get("Authorization");
        connectCalls.add(String.valueOf(authorization));
        if (connectStatus != 200) {
            return response.status(HttpResponseStatus.valueOf(connectStatus)).send();
        }
        String token = authorization == null ? "" : authorization.replaceFirst("^Bearer ", "");
        String answer = "{\"url\":\"ws://127.0.0.1:" + server.port() + "/ws?shard=7\",\"ticket\":\"ticket-of-" + token
                + "\",\"expiresAt\":\"2030-01-01T00:00:00Z\"}";
        return response.header("Content-Type", "application/json")
                .sendString(Mono.just(answer))
                .then();
    }

    void answerPings(boolean answer) {
        this.answerPings = answer;
    }

    int handshakes() {
        return handshakes.get();
    }

    List<ServerSession> sessions() {
        return sessions;
    }

    /** The session accepted as {@code index}-th, waiting a little: the client may see the upgrade first. */
    ServerSession session(int index) {
        Eventually.await("server session " + index, () -> sessions.size() > index);
        return sessions.get(index);
    }

    ServerSession latest() {
        Eventually.await("a server session", () -> !sessions.isEmpty());
        return sessions.get(sessions.size() - 1);
    }

    @Override
    public void close() {
        server.disposeNow(Duration.ofSeconds(5));
    }

    private Mono<Void> upgrade(HttpServerRequest request, HttpServerResponse response, WebsocketServerSpec spec) {
        int attempt = handshakes.incrementAndGet();
        if (refuseHandshake.test(attempt)) {
            return response.status(HttpResponseStatus.valueOf(refusalStatus)).send();
        }
        Map<String, List<String>> query = new QueryStringDecoder(request.uri()).parameters();
        String authorization = request.requestHeaders().get("Authorization");
        String extensions = request.requestHeaders().get("Sec-WebSocket-Extensions");
        InetSocketAddress remote = request.remoteAddress();
        return response.sendWebsocket(
                (in, out) -> session(new ServerSession(query, authorization, extensions, remote), in, out), spec);
    }

    private Mono<Void> session(ServerSession session, WebsocketInbound in, WebsocketOutbound out) {
        session.outbound = out;
        sessions.add(session);
        in.receiveCloseStatus().subscribe(status -> session.clientCloseCode = status.code(), error -> {});
        in.aggregateFrames().receive().asString().subscribe(text -> onFrame(session, text), error -> {});
        return out.sendString(session.toClient.asFlux()).then();
    }

    private void onFrame(ServerSession session, String text) {
        JsonNode frame = JSON.readTree(text);
        session.received.add(frame);
        String id = frame.path("id").asString(null);
        switch (frame.path("type").asString("")) {
            case "join" -> join(session, id, frame.path("room").asString());
            case "leave" ->
                session.send(reply("left", id).put("room", frame.path("room").asString()));
            case "chat" -> chat(session, id, frame.path("text").asString());
            case "ping" -> {
                if (answerPings) {
                    session.send(reply("pong", id));
                }
            }
            case "read" -> session.send(reply("ack", id));
            default -> {}
        }
    }

    private void join(ServerSession session, String id, String room) {
        if (room.startsWith("missing")) {
            session.send(error(id, "room_not_found"));
            return;
        }
        ObjectNode joined = reply("joined", id).put("room", room).put("viewers", sessions.size());
        joined.putArray("recent");
        joined.put("giftSeq", giftSeqs.getOrDefault(room, 0L));
        session.send(joined);
    }

    private void chat(ServerSession session, String id, String text) {
        if (text.equals("silent")) {
            return;
        }
        if (text.startsWith("err:")) {
            session.send(error(id, text.substring(4)));
            return;
        }
        ObjectNode ack = reply("ack", id).put("msgId", "m-" + text);
        long delay = text.startsWith("delay:") ? Long.parseLong(text.substring(6)) : 0;
        Mono.delay(Duration.ofMillis(delay)).subscribe(tick -> session.send(ack));
    }

    private static ObjectNode reply(String type, String id) {
        ObjectNode node = JSON.createObjectNode().put("type", type);
        if (id != null) {
            node.put("id", id);
        }
        return node;
    }

    private static ObjectNode error(String id, String code) {
        return reply("error", id).put("code", code).put("message", "scripted " + code);
    }

    /** One accepted WebSocket session, as the server saw it. */
    static final class ServerSession {

        final Map<String, List<String>> query;
        final String authorization;
        final String extensions;
        final InetSocketAddress remote;
        final List<JsonNode> received = new CopyOnWriteArrayList<>();
        final Sinks.Many<String> toClient = Sinks.many().unicast().onBackpressureBuffer();
        volatile WebsocketOutbound outbound;
        volatile int clientCloseCode;

        ServerSession(
                Map<String, List<String>> query, String authorization, String extensions, InetSocketAddress remote) {
            this.query = query;
            this.authorization = authorization;
            this.extensions = extensions;
            this.remote = remote;
        }

        String param(String name) {
            List<String> values = query.get(name);
            return values == null ? null : values.get(0);
        }

        /** The frames of a type received so far. */
        List<JsonNode> received(String type) {
            return received.stream()
                    .filter(frame -> type.equals(frame.path("type").asString()))
                    .toList();
        }

        void send(JsonNode frame) {
            send(frame.toString());
        }

        synchronized void send(String text) {
            toClient.tryEmitNext(text);
        }

        void close(int code) {
            outbound.sendClose(code, "scripted close").subscribe(null, error -> {});
        }
    }
}
