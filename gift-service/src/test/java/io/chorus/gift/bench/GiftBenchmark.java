package io.chorus.gift.bench;

import io.chorus.gift.support.ChannelSubscriber;
import io.chorus.gift.support.GiftIntegrationTest;
import io.chorus.gift.support.Poll;
import io.chorus.protocol.Channels;
import io.chorus.test.TestTokens;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.kafka.core.KafkaTemplate;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * Gift figures for docs/benchmarks.md, against the real servers of the fixture. Not a test (no assertions
 * beyond completion, not picked up by surefire or failsafe): run with
 * {@code ./mvnw -pl gift-service verify -Dit.test=GiftBenchmark -Dtest=none -Dsurefire.failIfNoSpecifiedTests=false}.
 */
class GiftBenchmark extends GiftIntegrationTest {

    private static final int ROOMS = Integer.getInteger("bench.rooms", 10);
    private static final int GIFTS = Integer.getInteger("bench.gifts", 2000);
    private static final int CONCURRENCY = Integer.getInteger("bench.concurrency", 32);
    private static final int LATENCY_GIFTS = Integer.getInteger("bench.latencyGifts", 300);
    private static final int LATENCY_RATE = Integer.getInteger("bench.latencyRate", 50);

    @Autowired
    KafkaTemplate<String, String> kafka;

    private final String token = TestTokens.user(unique("bench"));
    private final Map<String, Long> acceptedAt = new ConcurrentHashMap<>();
    private final List<String> report = new ArrayList<>();

    @Test
    void gifts() throws Exception {
        warmUp();
        references();
        sequentialSends();
        throughput();
        latency();
        catchUp();
        Path out = Path.of("target", "gift-benchmark.txt");
        report.add(
                0,
                String.format(
                        "conditions: %d cores, load average at the end %s",
                        Runtime.getRuntime().availableProcessors(),
                        Files.readString(Path.of("/proc/loadavg")).trim()));
        Files.write(out, report);
        report.forEach(System.out::println);
    }

    private void warmUp() {
        String room = liveRoom("streamer");
        Flux.range(0, 200).flatMap(i -> send(room), 16).then().block(Duration.ofMinutes(2));
        awaitGifts(room, 200);
    }

    /** What the servers themselves cost here: one produce (acks=all) and one Redis round trip, one at a time. */
    private void references() throws Exception {
        long[] produce = new long[200];
        long[] redisTrip = new long[200];
        for (int i = 0; i < produce.length; i++) {
            long start = System.nanoTime();
            kafka.send("gift-benchmark-reference", "k", "v").get();
            produce[i] = (System.nanoTime() - start) / 1_000;
            start = System.nanoTime();
            redis.opsForValue().get("gift-benchmark-reference").block(Duration.ofSeconds(5));
            redisTrip[i] = (System.nanoTime() - start) / 1_000;
        }
        Arrays.sort(produce);
        Arrays.sort(redisTrip);
        report.add(String.format(
                "reference, same JVM, one at a time: Kafka produce acks=all p50 %.1f ms p99 %.1f ms; Redis GET p50 %.1f ms p99 %.1f ms",
                pct(produce, 50) / 1000.0,
                pct(produce, 99) / 1000.0,
                pct(redisTrip, 50) / 1000.0,
                pct(redisTrip, 99) / 1000.0));
    }

    private void sequentialSends() {
        String room = liveRoom("streamer");
        long[] millis = new long[200];
        for (int i = 0; i < millis.length; i++) {
            long start = System.nanoTime();
            send(room).block(Duration.ofSeconds(30));
            millis[i] = (System.nanoTime() - start) / 1_000_000;
        }
        Arrays.sort(millis);
        report.add(String.format(
                "send latency, one sender, one request at a time (%d sends): p50 %d ms, p90 %d ms, p99 %d ms",
                millis.length, pct(millis, 50), pct(millis, 90), pct(millis, 99)));
    }

    private void throughput() {
        List<String> rooms = new ArrayList<>();
        for (int i = 0; i < ROOMS; i++) {
            rooms.add(liveRoom("streamer-" + i));
        }
        long start = System.nanoTime();
        Flux.range(0, GIFTS)
                .flatMap(i -> send(rooms.get(i % ROOMS)), CONCURRENCY)
                .then()
                .block(Duration.ofMinutes(10));
        long accepted = System.nanoTime();
        for (String room : rooms) {
            Poll.until(() -> lastSeq(room), last -> last >= GIFTS / ROOMS, Duration.ofMinutes(10));
        }
        long sequenced = System.nanoTime();
        double acceptSeconds = (accepted - start) / 1e9;
        double sequenceSeconds = (sequenced - start) / 1e9;
        report.add(String.format(
                "throughput: %d gifts, %d rooms, %d concurrent senders: accepted %.0f gifts/s (%.2f s), all sequenced after %.2f s (%.0f gifts/s)",
                GIFTS,
                ROOMS,
                CONCURRENCY,
                GIFTS / acceptSeconds,
                acceptSeconds,
                sequenceSeconds,
                GIFTS / sequenceSeconds));
    }

    private void latency() {
        String room = liveRoom("streamer");
        try (var subscriber = ChannelSubscriber.sharded(redisHost(), redisPort(), Channels.room(room))) {
            Map<String, Long> frameAt = new ConcurrentHashMap<>();
            subscriber.onMessage(message -> {
                String giftId = JSON.readTree(message).get("giftId").asString();
                frameAt.put(giftId, System.nanoTime());
            });
            long intervalNanos = 1_000_000_000L / LATENCY_RATE;
            List<String> ids = Flux.interval(Duration.ofNanos(intervalNanos))
                    .take(LATENCY_GIFTS)
                    .onBackpressureBuffer()
                    .flatMap(i -> send(room), 256)
                    .collectList()
                    .block(Duration.ofMinutes(5));
            Poll.until(frameAt::size, size -> size >= LATENCY_GIFTS, Duration.ofMinutes(2));
            long[] millis = ids.stream()
                    .mapToLong(id -> (frameAt.get(id) - acceptedAt.get(id)) / 1_000_000)
                    .sorted()
                    .toArray();
            report.add(String.format(
                    "latency 201 -> gift frame on room channel: %d gifts at %d/s into one room: p50 %d ms, p90 %d ms, p99 %d ms, max %d ms",
                    LATENCY_GIFTS,
                    LATENCY_RATE,
                    pct(millis, 50),
                    pct(millis, 90),
                    pct(millis, 99),
                    millis[millis.length - 1]));
        }
    }

    private void catchUp() {
        String room = liveRoom("streamer");
        Flux.range(0, 1000).flatMap(i -> send(room), CONCURRENCY).then().block(Duration.ofMinutes(5));
        Poll.until(() -> lastSeq(room), last -> last >= 1000, Duration.ofMinutes(5));
        for (int pageSize : new int[] {1000, 100}) {
            long[] runs = new long[5];
            for (int run = 0; run < runs.length; run++) {
                long start = System.nanoTime();
                int pulled = pullAll(room, pageSize).size();
                runs[run] = (System.nanoTime() - start) / 1_000_000;
                if (pulled != 1000) {
                    throw new AssertionError("pulled " + pulled);
                }
            }
            Arrays.sort(runs);
            report.add(String.format(
                    "catch-up: pull 1,000 missed gifts with limit=%d (%d requests): median %d ms, best %d ms, worst %d ms (5 runs)",
                    pageSize, 1000 / pageSize, runs[2], runs[0], runs[4]));
        }
    }

    private long lastSeq(String room) {
        return JSON.readTree(web.get()
                        .uri("/internal/rooms/{room}/gift-seq", room)
                        .header(HttpHeaders.AUTHORIZATION, "Bearer " + token)
                        .exchange()
                        .expectBody(String.class)
                        .returnResult()
                        .getResponseBody())
                .get("lastSeq")
                .asLong();
    }

    private Mono<String> send(String room) {
        return client().post()
                .uri("/api/rooms/{room}/gifts", room)
                .header(HttpHeaders.AUTHORIZATION, "Bearer " + token)
                .header("Idempotency-Key", UUID.randomUUID().toString())
                .contentType(MediaType.APPLICATION_JSON)
                .bodyValue(body("rose", 1))
                .retrieve()
                .bodyToMono(String.class)
                .map(text -> {
                    String giftId = JSON.readTree(text).get("giftId").asString();
                    acceptedAt.put(giftId, System.nanoTime());
                    return giftId;
                });
    }

    private static long pct(long[] sorted, int percentile) {
        int index = (int) Math.ceil(percentile / 100.0 * sorted.length) - 1;
        return sorted[Math.max(0, Math.min(sorted.length - 1, index))];
    }
}
