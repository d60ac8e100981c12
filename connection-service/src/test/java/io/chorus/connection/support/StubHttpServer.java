package io.chorus.connection.support;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import reactor.core.publisher.Mono;
import reactor.netty.DisposableServer;
import reactor.netty.http.server.HttpServer;

/**
 * A real HTTP server on a free loopback port standing in for room-, gift- or presence-service: answers
 * {@code METHOD path} with a canned status, body and delay, counts calls and records request bodies. Paths
 * without an answer get 404 with a problem body.
 */
public final class StubHttpServer implements AutoCloseable {

    /** A canned answer. */
    public record Answer(int status, String contentType, String body, Duration delay) {
        public static Answer json(int status, String body) {
            return new Answer(status, "application/json", body, Duration.ZERO);
        }

        public static Answer problem(int status, String code) {
            return new Answer(
                    status,
                    "application/problem+json",
                    "{\"type\":\"about:blank\",\"title\":\"t\",\"status\":" + status + ",\"detail\":\"d\",\"code\":\""
                            + code + "\"}",
                    Duration.ZERO);
        }

        public Answer delayed(Duration by) {
            return new Answer(status, contentType, body, by);
        }
    }

    private final Map<String, Answer> answers = new ConcurrentHashMap<>();
    private volatile Function<String, Answer> fallback = key -> Answer.problem(404, "not_found");
    private final Map<String, AtomicInteger> calls = new ConcurrentHashMap<>();
    private final List<String> bodies = new CopyOnWriteArrayList<>();
    private final List<String> authorizations = new CopyOnWriteArrayList<>();
    private final DisposableServer server;

    public StubHttpServer() {
        server = HttpServer.create()
                .host("127.0.0.1")
                .port(0)
                .handle((request, response) -> {
                    String key = request.method().name() + " " + request.uri();
                    calls.computeIfAbsent(key, k -> new AtomicInteger()).incrementAndGet();
                    String authorization = request.requestHeaders().get("Authorization");
                    if (authorization != null) {
                        authorizations.add(authorization);
                    }
                    Answer answer = answers.get(key);
                    if (answer == null) {
                        answer = fallback.apply(key);
                    }
                    return request.receive()
                            .aggregate()
                            .asString(StandardCharsets.UTF_8)
                            .doOnNext(bodies::add)
                            .then(Mono.delay(answer.delay()))
                            .then(response.status(answer.status())
                                    .header("Content-Type", answer.contentType())
                                    .sendString(Mono.just(answer.body()))
                                    .then());
                })
                .bindNow();
    }

    public StubHttpServer answer(String methodAndPath, Answer answer) {
        answers.put(methodAndPath, answer);
        return this;
    }

    /** How to answer requests without a canned answer ({@code "METHOD path"} in). */
    public StubHttpServer fallback(Function<String, Answer> fallback) {
        this.fallback = fallback;
        return this;
    }

    public int calls(String methodAndPath) {
        AtomicInteger count = calls.get(methodAndPath);
        return count == null ? 0 : count.get();
    }

    public List<String> bodies() {
        return bodies;
    }

    /** The Authorization headers received, in order. */
    public List<String> authorizations() {
        return authorizations;
    }

    public URI uri() {
        return URI.create("http://127.0.0.1:" + server.port());
    }

    @Override
    public void close() {
        server.disposeNow();
    }
}
