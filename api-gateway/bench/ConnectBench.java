import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import reactor.core.Disposable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.netty.http.client.HttpClient;
import reactor.netty.resources.ConnectionProvider;

/**
 * WebSocket set-up cost of the three ways in: {@code proxied} (the gateway's /ws), {@code route} ("route, then
 * connect": GET /api/connect at the gateway, then the named instance's /ws?ticket=) and {@code direct}
 * (connection-service's /ws with the access token). Opens N sockets with at most C upgrades in flight, holds them
 * all open, and prints upgrades per second and the connect latency (from the first request to the 101; for
 * {@code route} the /api/connect call included).
 *
 * <p>Run: java -cp <reactor-netty classpath> ConnectBench MODE URL N C TOKEN, where URL is the gateway's or the
 * instance's ws://host:port/ws (for {@code route}: the gateway's http://host:port).
 */
public class ConnectBench {

    private static final Duration TIMEOUT = Duration.ofSeconds(30);
    private static final Pattern URL = Pattern.compile("\"url\"\\s*:\\s*\"([^\"]+)\"");
    private static final Pattern TICKET = Pattern.compile("\"ticket\"\\s*:\\s*\"([^\"]+)\"");

    public static void main(String[] args) {
        String mode = args[0];
        String url = args[1];
        int n = Integer.parseInt(args[2]);
        int concurrency = Integer.parseInt(args[3]);
        String token = args[4];
        HttpClient sockets = HttpClient.create(ConnectionProvider.newConnection());
        HttpClient api = HttpClient.create(ConnectionProvider.builder("connect-api")
                        .maxConnections(concurrency)
                        .build())
                .headers(headers -> headers.set("Authorization", "Bearer " + token));
        long[] latencies = new long[n];
        Arrays.fill(latencies, -1);
        AtomicInteger failed = new AtomicInteger();
        List<Disposable> open = new CopyOnWriteArrayList<>();
        List<String> errors = new CopyOnWriteArrayList<>();

        long start = System.nanoTime();
        Flux.range(0, n)
                .flatMap(
                        i -> {
                            long begun = System.nanoTime();
                            Mono<String> target = switch (mode) {
                                case "route" -> api.get()
                                        .uri(url + "/api/connect")
                                        .responseSingle((response, body) -> response.status().code() == 200
                                                ? body.asString()
                                                : Mono.error(new IllegalStateException(
                                                        "/api/connect: " + response.status())))
                                        .map(ConnectBench::ticketTarget);
                                case "proxied", "direct" -> Mono.just(url + "?access_token=" + token);
                                default -> throw new IllegalArgumentException("mode: proxied, route or direct");
                            };
                            return target.flatMap(uri -> Mono.<Void>create(sink -> open.add(sockets.websocket()
                                            .uri(uri)
                                            .handle((in, out) -> {
                                                long took = System.nanoTime() - begun;
                                                sink.success();
                                                if (took < TIMEOUT.toNanos()) {
                                                    latencies[i] = took; // counted once, never after its timeout
                                                }
                                                return in.receive().then();
                                            })
                                            .subscribe(null, sink::error))))
                                    .timeout(TIMEOUT)
                                    .onErrorResume(error -> {
                                        failed.incrementAndGet();
                                        if (errors.size() < 3) {
                                            errors.add(error.toString());
                                        }
                                        return Mono.empty();
                                    });
                        },
                        concurrency)
                .blockLast();
        double seconds = (System.nanoTime() - start) / 1e9;

        long[] done = Arrays.stream(latencies).filter(l -> l >= 0).sorted().toArray();
        System.out.printf(
                "%s: %d of %d sockets open in %.2f s: %.0f upgrades/s; connect p50 %.1f ms, p99 %.1f ms, max %.1f ms;"
                        + " %d failed%n",
                mode,
                done.length,
                n,
                seconds,
                done.length / seconds,
                percentile(done, 0.50),
                percentile(done, 0.99),
                percentile(done, 1.0),
                failed.get());
        errors.forEach(error -> System.out.println("  error: " + error));
        open.forEach(Disposable::dispose);
    }

    static String ticketTarget(String answer) {
        Matcher url = URL.matcher(answer);
        Matcher ticket = TICKET.matcher(answer);
        if (!url.find() || !ticket.find()) {
            throw new IllegalStateException("not a connect answer: " + answer);
        }
        return url.group(1) + "?ticket=" + URLEncoder.encode(ticket.group(1), StandardCharsets.UTF_8);
    }

    static double percentile(long[] sorted, double p) {
        if (sorted.length == 0) {
            return Double.NaN;
        }
        int index = (int) Math.min(sorted.length - 1, Math.max(0, Math.ceil(p * sorted.length) - 1));
        return sorted[index] / 1e6;
    }
}
