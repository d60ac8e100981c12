package io.chorus.loadgen.connect;

import io.chorus.client.FrameCodec;
import io.netty.handler.codec.http.HttpHeaderNames;
import io.netty.handler.codec.http.HttpHeaderValues;
import java.net.URI;
import java.time.Duration;
import java.util.Map;
import reactor.core.publisher.Mono;
import reactor.netty.ByteBufFlux;
import reactor.netty.http.client.HttpClient;
import reactor.netty.resources.ConnectionProvider;
import reactor.netty.resources.LoopResources;

/** The route layer's REST API (room-service, default http://127.0.0.1:8082): create rooms, post messages. */
public final class RoomApi implements AutoCloseable {

    private final ConnectionProvider pool;
    private final HttpClient http;

    public RoomApi(URI baseUrl, LoopResources loops, int maxConnections, Duration timeout) {
        ConnectionSettings.requireLoopback(baseUrl);
        this.pool = ConnectionProvider.builder("loadgen-api")
                .maxConnections(maxConnections)
                .pendingAcquireMaxCount(maxConnections * 4)
                .build();
        this.http = HttpClient.create(pool)
                .runOn(loops)
                .baseUrl(baseUrl.toString())
                .responseTimeout(timeout)
                .headers(headers -> headers.set(HttpHeaderNames.CONTENT_TYPE, HttpHeaderValues.APPLICATION_JSON));
    }

    /** {@code POST /api/rooms} as a streamer: 201 created, 409 taken (both fine for a load run). */
    public Mono<Reply> createRoom(String id, String streamerToken) {
        return post("/api/rooms", Map.of("id", id, "title", "loadgen " + id), streamerToken);
    }

    /** {@code POST /api/rooms/{room}/messages}: 202 accepted, or a problem with a code. */
    public Mono<Reply> postMessage(String room, String text, String token) {
        return post("/api/rooms/" + room + "/messages", Map.of("text", text), token);
    }

    private Mono<Reply> post(String path, Map<String, String> body, String token) {
        String json = FrameCodec.shared().mapper().writeValueAsString(body);
        return http.headers(headers -> headers.set(HttpHeaderNames.AUTHORIZATION, "Bearer " + token))
                .post()
                .uri(path)
                .send(ByteBufFlux.fromString(Mono.just(json)))
                .responseSingle((response, content) -> content.asString()
                        .defaultIfEmpty("")
                        .map(text -> new Reply(response.status().code(), text)));
    }

    @Override
    public void close() {
        pool.dispose();
    }

    /**
     * @param status the HTTP status
     * @param body the response body
     */
    public record Reply(int status, String body) {

        public boolean accepted() {
            return status >= 200 && status < 300;
        }

        /** Accepted but dropped by the room's delivery budget. */
        public boolean shed() {
            return body.contains("\"shed\":true");
        }
    }
}
