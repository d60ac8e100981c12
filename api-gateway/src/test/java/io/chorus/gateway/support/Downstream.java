package io.chorus.gateway.support;

import io.netty.channel.Channel;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import reactor.core.publisher.Mono;
import reactor.netty.DisposableServer;
import reactor.netty.http.server.HttpServer;
import reactor.netty.http.server.HttpServerRequest;
import reactor.netty.http.server.HttpServerResponse;
import tools.jackson.databind.json.JsonMapper;

/**
 * A real HTTP and WebSocket server standing in for one instance of a downstream service: it answers every
 * request with what it received (service, instance, method, path, headers, body size) as JSON, echoes
 * WebSocket frames prefixed with its instance name, and records what reached it.
 *
 * <p>Special paths: {@code .../slow} answers after 10 s, {@code .../busy} after 300 ms; {@code .../flaky} answers 503 to the first call
 * of each path and 200 afterwards.
 */
public final class Downstream {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final String service;
    private final String instance;
    private final List<Map<String, Object>> received = new CopyOnWriteArrayList<>();
    private final Map<String, AtomicInteger> flakyCalls = new ConcurrentHashMap<>();
    private final AtomicInteger webSockets = new AtomicInteger();
    private final Set<Channel> channels = ConcurrentHashMap.newKeySet();
    private volatile DisposableServer server;
    private volatile int port;

    public Downstream(String service, String instance) {
        this.service = service;
        this.instance = instance;
    }

    public Downstream start() {
        server = HttpServer.create()
                .host("127.0.0.1")
                .port(port)
                .doOnChannelInit((observer, channel, address) -> {
                    channels.add(channel);
                    channel.closeFuture().addListener(closed -> channels.remove(channel));
                })
                .route(routes -> routes.ws("/ws", (in, out) -> {
                            webSockets.incrementAndGet();
                            return out.sendString(in.receive().asString().map(text -> instance + ":" + text));
                        })
                        .route(request -> true, this::answer))
                .bindNow();
        port = server.port();
        return this;
    }

    /** Stops like a killed process: the port closes and every open connection is dropped at once. */
    public void stop() {
        server.channel().close().syncUninterruptibly();
        channels.forEach(channel -> channel.close().syncUninterruptibly());
        server.disposeNow(Duration.ofSeconds(1));
    }

    public String uri() {
        return "http://127.0.0.1:" + port;
    }

    public List<Map<String, Object>> received() {
        return received;
    }

    public int webSockets() {
        return webSockets.get();
    }

    public int calls(String path) {
        return (int) received.stream().filter(r -> path.equals(r.get("path"))).count();
    }

    private Mono<Void> answer(HttpServerRequest request, HttpServerResponse response) {
        return request.receive()
                .aggregate()
                .asByteArray()
                .defaultIfEmpty(new byte[0])
                .flatMap(body -> reply(request, response, body.length));
    }

    private Mono<Void> reply(HttpServerRequest request, HttpServerResponse response, int bodyBytes) {
        Map<String, Object> seen = new LinkedHashMap<>();
        seen.put("service", service);
        seen.put("instance", instance);
        seen.put("method", request.method().name());
        seen.put("path", request.fullPath());
        seen.put("uri", request.uri());
        Map<String, String> headers = new LinkedHashMap<>();
        request.requestHeaders().forEach(header -> headers.put(header.getKey().toLowerCase(), header.getValue()));
        seen.put("headers", headers);
        seen.put("bodyBytes", bodyBytes);
        received.add(seen);
        String path = request.fullPath();
        int status = 200;
        if (path.endsWith("/flaky")
                && flakyCalls
                                .computeIfAbsent(path + request.method(), p -> new AtomicInteger())
                                .getAndIncrement()
                        == 0) {
            status = 503;
        }
        Mono<Void> send = response.status(status)
                .header("Content-Type", "application/json")
                .sendString(Mono.just(JSON.writeValueAsString(seen)))
                .then();
        if (path.endsWith("/slow")) {
            return Mono.delay(Duration.ofSeconds(10)).then(send);
        }
        return path.endsWith("/busy") ? Mono.delay(Duration.ofMillis(300)).then(send) : send;
    }
}
