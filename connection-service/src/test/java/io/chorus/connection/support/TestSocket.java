package io.chorus.connection.support;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.buffer.Unpooled;
import io.netty.handler.codec.http.websocketx.BinaryWebSocketFrame;
import io.netty.handler.codec.http.websocketx.TextWebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocketFrame;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import reactor.core.publisher.Mono;
import reactor.core.publisher.Sinks;
import reactor.netty.http.client.HttpClient;
import reactor.netty.http.client.WebsocketClientSpec;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * A raw WebSocket test client on Reactor Netty: sends any text or binary frame, records every text frame
 * received (as JSON) and the close status. Deliberately not the Chorus client: tests send bad input too.
 */
public final class TestSocket implements AutoCloseable {

    private static final JsonMapper MAPPER = JsonMapper.builder().build();

    private final BlockingQueue<JsonNode> frames = new LinkedBlockingQueue<>();
    private final Sinks.Many<WebSocketFrame> outbound = Sinks.many().unicast().onBackpressureBuffer();
    private final Sinks.One<Integer> closeCode = Sinks.one();
    private final Sinks.One<Void> connected = Sinks.one();

    private TestSocket(int port, String token, String device, boolean compress) {
        this(port, "access_token=" + token + (device == null ? "" : "&device=" + device), compress);
    }

    private TestSocket(int port, String query, boolean compress) {
        String uri = "ws://127.0.0.1:" + port + "/ws?" + query;
        HttpClient.create()
                .websocket(WebsocketClientSpec.builder()
                        .compress(compress)
                        .maxFramePayloadLength(2 * 1024 * 1024)
                        .build())
                .uri(uri)
                .handle((in, out) -> {
                    connected.tryEmitEmpty();
                    in.receiveCloseStatus().subscribe(status -> closeCode.tryEmitValue(status.code()));
                    Mono<Void> receive = in.aggregateFrames()
                            .receiveFrames()
                            .doOnNext(frame -> {
                                if (frame instanceof TextWebSocketFrame text) {
                                    frames.add(MAPPER.readTree(text.text()));
                                }
                            })
                            .then();
                    return Mono.zip(receive, out.sendObject(outbound.asFlux()).then())
                            .then();
                })
                .doFinally(signal -> closeCode.tryEmitValue(1006))
                .subscribe(null, error -> connected.tryEmitError(error));
    }

    public static TestSocket connect(int port, String token) {
        return connect(port, token, null);
    }

    public static TestSocket connect(int port, String token, String device) {
        TestSocket socket = new TestSocket(port, token, device, false);
        socket.connected.asMono().block(Duration.ofSeconds(10));
        return socket;
    }

    /** Connects with a connect ticket ({@code /ws?ticket=}) instead of an access token. */
    public static TestSocket connectWithTicket(int port, String ticket) {
        TestSocket socket = new TestSocket(port, "ticket=" + ticket, false);
        socket.connected.asMono().block(Duration.ofSeconds(10));
        return socket;
    }

    public static TestSocket connectCompressed(int port, String token) {
        TestSocket socket = new TestSocket(port, token, null, true);
        socket.connected.asMono().block(Duration.ofSeconds(10));
        return socket;
    }

    public TestSocket send(String text) {
        outbound.tryEmitNext(new TextWebSocketFrame(text));
        return this;
    }

    public TestSocket sendBinary(byte[] bytes) {
        outbound.tryEmitNext(new BinaryWebSocketFrame(Unpooled.wrappedBuffer(bytes)));
        return this;
    }

    /** Joins and waits for {@code joined}. */
    public JsonNode join(String room) {
        String id = "join-" + room;
        send("{\"type\":\"join\",\"id\":\"" + id + "\",\"room\":\"" + room + "\"}");
        JsonNode reply = next(frame -> id.equals(text(frame, "id")), Duration.ofSeconds(10));
        assertThat(text(reply, "type")).isEqualTo("joined");
        return reply;
    }

    /** Leaves and waits for {@code left}. */
    public void leave(String room) {
        String id = "leave-" + room;
        send("{\"type\":\"leave\",\"id\":\"" + id + "\",\"room\":\"" + room + "\"}");
        JsonNode reply = next(frame -> id.equals(text(frame, "id")), Duration.ofSeconds(10));
        assertThat(text(reply, "type")).isEqualTo("left");
    }

    /** The next frame matching {@code filter} (others are discarded), or a failure after {@code timeout}. */
    public JsonNode next(Predicate<JsonNode> filter, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            long left = deadline - System.nanoTime();
            JsonNode frame = poll(left);
            if (frame == null) {
                throw new AssertionError("no matching frame within " + timeout);
            }
            if (filter.test(frame)) {
                return frame;
            }
        }
    }

    /** The next frame of {@code type}. */
    public JsonNode next(String type) {
        return next(frame -> type.equals(text(frame, "type")), Duration.ofSeconds(10));
    }

    /** Every frame received within {@code window}. */
    public List<JsonNode> drain(Duration window) {
        List<JsonNode> all = new ArrayList<>();
        long deadline = System.nanoTime() + window.toNanos();
        JsonNode frame;
        while ((frame = poll(deadline - System.nanoTime())) != null) {
            all.add(frame);
        }
        return all;
    }

    /** The close code the server sent (1006 when the socket closed without one). */
    public int awaitClose(Duration timeout) {
        Integer code = closeCode.asMono().block(timeout);
        return code == null ? -1 : code;
    }

    public boolean isClosed() {
        return closeCode.asMono().toFuture().isDone();
    }

    /** A string field of a frame, or {@code null}. */
    public static String text(JsonNode frame, String field) {
        JsonNode value = frame.get(field);
        return value != null && value.isString() ? value.stringValue() : null;
    }

    private JsonNode poll(long nanos) {
        try {
            return nanos <= 0 ? frames.poll() : frames.poll(nanos, TimeUnit.NANOSECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return null;
        }
    }

    @Override
    public void close() {
        outbound.tryEmitComplete();
    }
}
