package io.chorus.e2e.support;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Predicate;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * A plain WebSocket client of the Chorus protocol on the JDK's HTTP client: it records every frame it receives with
 * its arrival time, and answers requests by their {@code id}. No reconnects, no gap handling: tests do that in sight.
 */
public final class WsClient implements AutoCloseable {

    public static final JsonMapper JSON = JsonMapper.builder().build();

    // one selector thread for every socket of the run; listener callbacks run on a small shared pool
    private static final HttpClient HTTP = HttpClient.newBuilder()
            .connectTimeout(Duration.ofSeconds(5))
            .executor(Executors.newFixedThreadPool(4, runnable -> {
                Thread thread = new Thread(runnable, "e2e-ws");
                thread.setDaemon(true);
                return thread;
            }))
            .build();

    /** One received frame: the parsed JSON and when it arrived (System.nanoTime and epoch millis). */
    public record Frame(JsonNode json, long nanos, long millis) {
        public String type() {
            return json.path("type").asString("");
        }
    }

    private final String name;
    private final WebSocket socket;
    private final List<Frame> frames = new ArrayList<>();
    private final CompletableFuture<Integer> closed;
    private final AtomicLong ids = new AtomicLong();

    private WsClient(String name, WebSocket socket, CompletableFuture<Integer> closed, Listener listener) {
        this.name = name;
        this.socket = socket;
        this.closed = closed;
        listener.attach(this);
    }

    /** Opens a socket; throws (with the handshake's status when there was one) when it is not upgraded. */
    public static WsClient connect(String name, URI uri) {
        CompletableFuture<Integer> closed = new CompletableFuture<>();
        Listener listener = new Listener(closed);
        try {
            WebSocket socket = HTTP.newWebSocketBuilder()
                    .connectTimeout(Duration.ofSeconds(10))
                    .buildAsync(uri, listener)
                    .get(20, TimeUnit.SECONDS);
            return new WsClient(name, socket, closed, listener);
        } catch (ExecutionException e) {
            throw new IllegalStateException(
                    name + ": no WebSocket at " + uri.getPath() + ": " + e.getCause(), e.getCause());
        } catch (TimeoutException e) {
            throw new IllegalStateException(name + ": no WebSocket within 20 s", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    public String name() {
        return name;
    }

    /** Sends a request with a fresh id and returns the id. */
    public String send(String type, String... fields) {
        ObjectNode frame = JSON.createObjectNode();
        String id = name + "-" + ids.incrementAndGet();
        frame.put("type", type);
        frame.put("id", id);
        for (int i = 0; i + 1 < fields.length; i += 2) {
            frame.put(fields[i], fields[i + 1]);
        }
        String text = frame.toString();
        synchronized (socket) {
            socket.sendText(text, true).join();
        }
        return id;
    }

    /** Joins and returns the {@code joined} reply; fails on an {@code error} reply. */
    public JsonNode join(String room, Duration timeout) {
        JsonNode reply = awaitReply(send("join", "room", room), timeout);
        if (!reply.path("type").asString().equals("joined")) {
            throw new AssertionError(name + ": join " + room + " answered " + reply);
        }
        return reply;
    }

    public JsonNode awaitReply(String id, Duration timeout) {
        return await(frame -> id.equals(frame.json().path("id").asString(null)), timeout, "the reply to " + id)
                .json();
    }

    /** The reply to {@code id}, or {@code null} when none has arrived yet. */
    public JsonNode replyTo(String id) {
        synchronized (frames) {
            for (Frame frame : frames) {
                if (id.equals(frame.json().path("id").asString(null))) {
                    return frame.json();
                }
            }
        }
        return null;
    }

    /** Waits for the first received frame (earlier ones included) that matches. */
    public Frame await(Predicate<Frame> condition, Duration timeout, String what) {
        long deadline = System.nanoTime() + timeout.toNanos();
        synchronized (frames) {
            while (true) {
                for (Frame frame : frames) {
                    if (condition.test(frame)) {
                        return frame;
                    }
                }
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    throw new AssertionError(name + ": no " + what + " within " + timeout + "; received "
                            + frames.size() + " frames, last: "
                            + (frames.isEmpty()
                                    ? "none"
                                    : frames.get(frames.size() - 1).json()));
                }
                try {
                    frames.wait(Math.max(1, TimeUnit.NANOSECONDS.toMillis(left)));
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new IllegalStateException(e);
                }
            }
        }
    }

    public List<Frame> frames() {
        synchronized (frames) {
            return List.copyOf(frames);
        }
    }

    public List<Frame> frames(String type) {
        return frames().stream().filter(frame -> frame.type().equals(type)).toList();
    }

    /** The close code the server sent (1006 when the socket was cut), once the socket is closed. */
    public CompletableFuture<Integer> closed() {
        return closed;
    }

    @Override
    public void close() {
        if (!closed.isDone()) {
            try {
                socket.sendClose(WebSocket.NORMAL_CLOSURE, "").get(2, TimeUnit.SECONDS);
            } catch (Exception e) {
                // already gone
            }
            socket.abort();
        }
    }

    private void received(String text) {
        Frame frame = new Frame(JSON.readTree(text), System.nanoTime(), System.currentTimeMillis());
        synchronized (frames) {
            frames.add(frame);
            frames.notifyAll();
        }
    }

    private static final class Listener implements WebSocket.Listener {

        private final CompletableFuture<Integer> closed;
        private final StringBuilder partial = new StringBuilder();
        private final List<String> early = new ArrayList<>();
        private volatile WsClient owner;

        Listener(CompletableFuture<Integer> closed) {
            this.closed = closed;
        }

        @Override
        public void onOpen(WebSocket webSocket) {
            webSocket.request(1);
        }

        @Override
        public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
            partial.append(data);
            if (last) {
                String text = partial.toString();
                partial.setLength(0);
                deliver(text);
            }
            webSocket.request(1);
            return null;
        }

        synchronized void attach(WsClient client) {
            owner = client;
            for (String earlier : early) {
                client.received(earlier);
            }
            early.clear();
        }

        private synchronized void deliver(String text) {
            WsClient client = owner;
            if (client == null) {
                early.add(text); // a frame before connect() returned (a room.batch may precede joined)
                return;
            }
            client.received(text);
        }

        @Override
        public CompletionStage<?> onBinary(WebSocket webSocket, ByteBuffer data, boolean last) {
            webSocket.request(1);
            return null;
        }

        @Override
        public CompletionStage<?> onClose(WebSocket webSocket, int statusCode, String reason) {
            closed.complete(statusCode);
            return null;
        }

        @Override
        public void onError(WebSocket webSocket, Throwable error) {
            closed.complete(1006);
        }
    }
}
