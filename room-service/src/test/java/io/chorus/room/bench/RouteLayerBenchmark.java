package io.chorus.room.bench;

import io.chorus.protocol.ChatSubmitted;
import io.chorus.room.support.RoomChannelListener;
import io.chorus.test.TestTokens;
import io.lettuce.core.RedisClient;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicLong;
import org.HdrHistogram.Histogram;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.client.reactive.ReactorClientHttpConnector;
import org.springframework.web.reactive.function.client.WebClient;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.netty.http.client.HttpClient;
import reactor.netty.resources.ConnectionProvider;

/**
 * Benchmark of the route layer against a running room-service (not a test; run by hand, see
 * docs/benchmarks.md). Sends chat through the internal API with a service token, as connection-service does.
 *
 * <pre>
 * java -cp target/test-classes:target/classes:$(cat cp.txt) io.chorus.room.bench.RouteLayerBenchmark \
 *     throughput http://127.0.0.1:8082 redis://127.0.0.1:6379 [rates...]
 * java ... RouteLayerBenchmark explosion http://127.0.0.1:8082 redis://127.0.0.1:6379
 * </pre>
 *
 * The JWT secret is {@link io.chorus.test.TestTokens#SECRET}: start room-service with {@code CHORUS_JWT_SECRET} set to it.
 * {@code -Dbench.clientIds=true} gives every message a client message id, so each one also writes and
 * checks its idempotency record (the cost of retry-safe ingestion).
 */
public final class RouteLayerBenchmark {

    private final WebClient web;
    private final RedisClient redis;
    private final String service = TestTokens.bearer(TestTokens.user("bench-connection", "service"));
    private final String streamerToken = TestTokens.bearer(TestTokens.user("bench-streamer", "streamer"));
    private final boolean clientIds = Boolean.getBoolean("bench.clientIds");
    private final AtomicLong clientIdSequence = new AtomicLong();

    private RouteLayerBenchmark(String baseUrl, String redisUri) {
        ConnectionProvider connections = ConnectionProvider.builder("bench")
                .maxConnections(2_000)
                .pendingAcquireMaxCount(-1)
                .build();
        this.web = WebClient.builder()
                .baseUrl(baseUrl)
                .clientConnector(new ReactorClientHttpConnector(HttpClient.create(connections)))
                .build();
        this.redis = RedisClient.create(redisUri);
    }

    public static void main(String[] args) {
        RouteLayerBenchmark bench = new RouteLayerBenchmark(args[1], args[2]);
        try {
            if (args[0].equals("throughput")) {
                List<Integer> rates = new ArrayList<>();
                for (int i = 3; i < args.length; i++) {
                    rates.add(Integer.parseInt(args[i]));
                }
                bench.throughput(rates.isEmpty() ? List.of(500, 1_000, 2_000, 3_000) : rates);
            } else {
                bench.explosion();
            }
        } finally {
            bench.redis.shutdown();
        }
        System.exit(0);
    }

    /** Outcome of one submission. */
    record Result(int status, boolean shed, long micros) {}

    /** Many rooms under their budget: how many messages per second one instance accepts with every check on. */
    private void throughput(List<Integer> rates) {
        List<String> rooms = new ArrayList<>();
        for (int i = 0; i < 200; i++) {
            rooms.add(createRoom());
        }
        List<RoomChannelListener> listeners = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            listeners.add(new RoomChannelListener(redis, rooms.get(i)));
        }
        int warmUp = Integer.getInteger("bench.warmUpSeconds", 30);
        run(rooms, 150, Duration.ofSeconds(warmUp), "warm-up");
        listeners.forEach(RoomChannelListener::clear);
        System.out.println(
                "| offered msg/s | accepted msg/s | refused | errors/timeouts | shed | HTTP p50 ms | HTTP p99 ms"
                        + " | server CPU ms/msg | Redis CPU us/msg |");
        System.out.println("|---|---|---|---|---|---|---|---|---|");
        for (int rate : rates) {
            long serverCpu = serverCpuMillis();
            double redisCpu = redisCpuSeconds();
            List<Result> results = run(rooms, rate, Duration.ofSeconds(10), "rate " + rate);
            report(rate, results, Duration.ofSeconds(10), serverCpuMillis() - serverCpu, redisCpuSeconds() - redisCpu);
            sleep(Duration.ofSeconds(2));
        }
        Histogram routeLatency = new Histogram(3);
        listeners.forEach(listener -> {
            listener.delivered().forEach(d -> routeLatency.recordValue(Math.max(0, d.millis() - d.ts())));
            listener.close();
        });
        System.out.printf(
                Locale.ROOT,
                "%nacceptance -> subscriber (10 rooms, %d messages): p50 %d ms, p99 %d ms, max %d ms%n",
                routeLatency.getTotalCount(),
                routeLatency.getValueAtPercentile(50),
                routeLatency.getValueAtPercentile(99),
                routeLatency.getMaxValue());
    }

    /** One room at 10x its budget for 10 s between two calm phases; per second: sent, delivered, shed. */
    private void explosion() {
        String room = createRoom();
        RoomChannelListener listener = new RoomChannelListener(redis, room);
        long start = System.nanoTime();
        ConcurrentLinkedQueue<long[]> acks = new ConcurrentLinkedQueue<>();
        AtomicLong users = new AtomicLong();
        // phases: 5 s at 10/s, 10 s at 200/s (10x the budget of 20), 10 s at 10/s; plus 2 high/s throughout
        Flux<Integer> phases = Flux.concat(
                ticks(10, Duration.ofSeconds(5)),
                ticks(200, Duration.ofSeconds(10)),
                ticks(10, Duration.ofSeconds(10)));
        Flux<Integer> high = ticks(2, Duration.ofSeconds(25)).map(i -> -1);
        Flux.merge(phases, high)
                .flatMap(
                        kind -> submit(
                                        room,
                                        kind < 0 ? "bench-streamer" : "viewer-" + users.incrementAndGet(),
                                        kind < 0)
                                .doOnNext(result -> acks.add(new long[] {
                                    (System.nanoTime() - start) / 1_000_000_000L,
                                    result.status(),
                                    result.shed() ? 1 : 0,
                                    kind < 0 ? 1 : 0
                                })),
                        4_096)
                .blockLast(Duration.ofSeconds(60));
        sleep(Duration.ofSeconds(1));
        List<RoomChannelListener.Delivered> delivered = listener.delivered();
        listener.close();
        System.out.println(
                "| second | phase | sent low | sent high | delivered low | delivered high | shed (acked) | refused |");
        System.out.println("|---|---|---|---|---|---|---|---|");
        long firstNanos = start;
        for (int second = 0; second < 25; second++) {
            int s = second;
            long sentLow = acks.stream().filter(a -> a[0] == s && a[3] == 0).count();
            long sentHigh = acks.stream().filter(a -> a[0] == s && a[3] == 1).count();
            long shed = acks.stream().filter(a -> a[0] == s && a[2] == 1).count();
            long refused = acks.stream().filter(a -> a[0] == s && a[1] >= 300).count();
            long deliveredLow = delivered.stream()
                    .filter(d -> d.prio().equals("low") && (d.nanos() - firstNanos) / 1_000_000_000L == s)
                    .count();
            long deliveredHigh = delivered.stream()
                    .filter(d -> d.prio().equals("high") && (d.nanos() - firstNanos) / 1_000_000_000L == s)
                    .count();
            String phase = second < 5 ? "calm 10/s" : second < 15 ? "explosion 200/s" : "calm 10/s";
            System.out.printf(
                    Locale.ROOT,
                    "| %d | %s | %d | %d | %d | %d | %d | %d |%n",
                    second,
                    phase,
                    sentLow,
                    sentHigh,
                    deliveredLow,
                    deliveredHigh,
                    shed,
                    refused);
        }
        System.out.printf(
                Locale.ROOT,
                "max low delivered in any 1 s: %d%n",
                RoomChannelListener.maxInAnyWindow(
                        delivered.stream()
                                .filter(d -> d.prio().equals("low"))
                                .map(RoomChannelListener.Delivered::nanos)
                                .toList(),
                        Duration.ofSeconds(1)));
    }

    private List<Result> run(List<String> rooms, int perSecond, Duration duration, String label) {
        AtomicLong users = new AtomicLong();
        String run = UUID.randomUUID().toString().substring(0, 6);
        return ticks(perSecond, duration)
                .flatMap(i -> submit(rooms.get(i % rooms.size()), run + "-u" + users.incrementAndGet(), false), 8_192)
                .collectList()
                .block(duration.plusSeconds(60));
    }

    /** {@code perSecond} ticks per second for {@code duration}, emitted in 1 ms steps. */
    private static Flux<Integer> ticks(int perSecond, Duration duration) {
        long steps = duration.toMillis();
        return Flux.interval(Duration.ofMillis(1))
                .take(steps)
                .onBackpressureBuffer()
                .concatMapIterable(step -> {
                    long before = step * perSecond / 1000;
                    long after = (step + 1) * perSecond / 1000;
                    List<Integer> batch = new ArrayList<>();
                    for (long i = before; i < after; i++) {
                        batch.add((int) i);
                    }
                    return batch;
                });
    }

    private Mono<Result> submit(String room, String user, boolean high) {
        long start = System.nanoTime();
        ChatSubmitted chat = new ChatSubmitted(
                room,
                user,
                user,
                high ? List.of("streamer") : List.of(),
                "benchmark message from " + user,
                clientIds ? "c" + clientIdSequence.incrementAndGet() : null);
        return web.post()
                .uri("/internal/rooms/{room}/messages", room)
                .header(HttpHeaders.AUTHORIZATION, service)
                .contentType(MediaType.APPLICATION_JSON)
                .bodyValue(chat)
                .exchangeToMono(response -> response.bodyToMono(Map.class)
                        .defaultIfEmpty(Map.of())
                        .map(body -> new Result(
                                response.statusCode().value(),
                                Boolean.TRUE.equals(body.get("shed")),
                                (System.nanoTime() - start) / 1_000)))
                .timeout(Duration.ofSeconds(10))
                .onErrorResume(error -> Mono.just(new Result(599, false, (System.nanoTime() - start) / 1_000)));
    }

    private String createRoom() {
        String id = "bench-" + UUID.randomUUID().toString().substring(0, 12);
        web.post()
                .uri("/api/rooms")
                .header(HttpHeaders.AUTHORIZATION, streamerToken)
                .contentType(MediaType.APPLICATION_JSON)
                .bodyValue(Map.of("id", id))
                .retrieve()
                .toBodilessEntity()
                .block(Duration.ofSeconds(10));
        return id;
    }

    /** CPU time of the room-service process ({@code -Dbench.serverPid}), from /proc; -1 when unknown. */
    private static long serverCpuMillis() {
        String pid = System.getProperty("bench.serverPid");
        if (pid == null) {
            return -1;
        }
        try {
            String[] stat = java.nio.file.Files.readString(java.nio.file.Path.of("/proc", pid, "stat"))
                    .split(" ");
            return (Long.parseLong(stat[13]) + Long.parseLong(stat[14])) * 10;
        } catch (java.io.IOException e) {
            return -1;
        }
    }

    private double redisCpuSeconds() {
        try (var connection = redis.connect()) {
            double total = 0;
            for (String line : connection.sync().info("cpu").split("\r?\n")) {
                if (line.startsWith("used_cpu_sys:") || line.startsWith("used_cpu_user:")) {
                    total += Double.parseDouble(line.substring(line.indexOf(':') + 1));
                }
            }
            return total;
        }
    }

    private static void report(
            int rate, List<Result> results, Duration duration, long serverCpuMillis, double redisCpuSeconds) {
        Histogram latency = new Histogram(3);
        long accepted = 0;
        long refused = 0;
        long errors = 0;
        long shed = 0;
        for (Result result : results) {
            if (result.status() == 200) {
                accepted++;
                shed += result.shed() ? 1 : 0;
                latency.recordValue(result.micros());
            } else if (result.status() >= 500) {
                errors++;
            } else {
                refused++;
            }
        }
        long handled = Math.max(1, results.size());
        System.out.printf(
                Locale.ROOT,
                "| %d | %.0f | %d | %d | %d | %.1f | %.1f | %.2f | %.0f |%n",
                rate,
                accepted / (double) duration.toSeconds(),
                refused,
                errors,
                shed,
                latency.getValueAtPercentile(50) / 1000.0,
                latency.getValueAtPercentile(99) / 1000.0,
                serverCpuMillis / (double) handled,
                redisCpuSeconds * 1e6 / handled);
    }

    private static void sleep(Duration duration) {
        try {
            Thread.sleep(duration.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
