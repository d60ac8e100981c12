package io.chorus.connection.upstream;

import io.chorus.protocol.PresenceBatch;
import io.chorus.protocol.ViewerBatch;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.http.MediaType;
import org.springframework.web.reactive.function.client.WebClient;
import org.springframework.web.reactive.function.client.WebClientResponseException;
import reactor.core.Disposable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;
import tools.jackson.databind.json.JsonMapper;

/**
 * Tells presence-service who is here, in batches, never one call per event: every {@code interval} one
 * {@code POST /internal/presence/batch} with the connects and disconnects since the last one (sent even when
 * empty: it renews this instance's presence lease) and one {@code POST /internal/rooms/viewers} with the
 * rooms' new joiners; every {@code announceInterval} every local viewer is re-announced so the room's viewer
 * count keeps counting those who stay. A presence batch that fails (presence-service down, slow, or answering
 * 5xx) is sent again first on the next tick, so no connect or disconnect is lost to a blip; one it rejects (4xx)
 * is dropped and counted. Queues are bounded (what does not fit is dropped and counted); while presence-service
 * is down the lease lapses, which is what a dead instance would look like to it, and the events kept for retry
 * bring this instance's users back when it answers again. The reports are deliberately not behind
 * presence-service's circuit breaker: the batch renews this instance's lease and is tried every tick (one call,
 * bounded by its timeout); a breaker opened by the join path's viewer-count reads (300 ms timeout) against a slow
 * presence-service would skip the renewals and show every user here offline.
 */
public final class PresenceReporter implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(PresenceReporter.class);
    private static final int MAX_QUEUED = 200_000;
    private static final int CHUNK = 10_000;

    private record Joiner(String room, String user) {}

    private final WebClient web;
    private final JsonMapper mapper;
    private final String instanceId;
    private final Duration interval;
    private final Duration announceInterval;
    private final Duration timeout;
    private final Supplier<Map<String, List<String>>> localViewers;
    private final Clock clock;
    private final Queue<PresenceBatch.Event> events = new ConcurrentLinkedQueue<>();
    private final Queue<Joiner> joiners = new ConcurrentLinkedQueue<>();
    private final AtomicInteger queued = new AtomicInteger();
    private final AtomicInteger dropped = new AtomicInteger();
    /** Presence events of failed batches, oldest first; sent before anything newer. Guarded by itself. */
    private final ArrayDeque<PresenceBatch.Event> retry = new ArrayDeque<>();

    private volatile Disposable reporting;
    private volatile Disposable announcing;

    public PresenceReporter(
            WebClient web,
            JsonMapper mapper,
            String instanceId,
            Duration interval,
            Duration announceInterval,
            Duration timeout,
            Supplier<Map<String, List<String>>> localViewers,
            Clock clock) {
        this.web = web;
        this.mapper = mapper;
        this.instanceId = instanceId;
        this.interval = interval;
        this.announceInterval = announceInterval;
        this.timeout = timeout;
        this.localViewers = localViewers;
        this.clock = clock;
    }

    public void connected(String user, String device) {
        offer(events, new PresenceBatch.Event(user, device, true, clock.millis()));
    }

    public void disconnected(String user, String device) {
        offer(events, new PresenceBatch.Event(user, device, false, clock.millis()));
    }

    public void joined(String room, String user) {
        offer(joiners, new Joiner(room, user));
    }

    /** Events dropped because the queue was full. */
    public int dropped() {
        return dropped.get();
    }

    private <T> void offer(Queue<T> queue, T item) {
        if (queued.incrementAndGet() > MAX_QUEUED) {
            queued.decrementAndGet();
            dropped.incrementAndGet();
            return;
        }
        queue.offer(item);
    }

    /** Events waiting to be sent again after a failed batch. */
    public int retrying() {
        synchronized (retry) {
            return retry.size();
        }
    }

    /** Sends what is queued: presence events (at least one call; failed ones first) and joiners. */
    public Mono<Void> flush() {
        List<PresenceBatch.Event> batch = new ArrayList<>();
        synchronized (retry) {
            batch.addAll(retry);
            retry.clear();
        }
        PresenceBatch.Event event;
        while ((event = events.poll()) != null) {
            queued.decrementAndGet();
            batch.add(event);
        }
        Map<String, List<String>> rooms = new HashMap<>();
        Joiner joiner;
        while ((joiner = joiners.poll()) != null) {
            queued.decrementAndGet();
            rooms.computeIfAbsent(joiner.room(), room -> new ArrayList<>()).add(joiner.user());
        }
        Mono<Void> presence = Flux.fromIterable(chunks(batch))
                .concatMap(chunk -> report(chunk))
                .then();
        Mono<Void> viewers = rooms.isEmpty() ? Mono.empty() : post("/internal/rooms/viewers", new ViewerBatch(rooms));
        return presence.then(viewers);
    }

    /** Re-announces every local viewer, in calls of at most {@value #CHUNK} users. */
    public Mono<Void> announce() {
        List<ViewerBatch> batches = new ArrayList<>();
        Map<String, List<String>> current = new HashMap<>();
        int size = 0;
        for (Map.Entry<String, List<String>> room : localViewers.get().entrySet()) {
            current.put(room.getKey(), room.getValue());
            size += room.getValue().size();
            if (size >= CHUNK) {
                batches.add(new ViewerBatch(current));
                current = new HashMap<>();
                size = 0;
            }
        }
        if (!current.isEmpty()) {
            batches.add(new ViewerBatch(current));
        }
        return Flux.fromIterable(batches)
                .concatMap(batch -> post("/internal/rooms/viewers", batch))
                .then();
    }

    private static List<List<PresenceBatch.Event>> chunks(List<PresenceBatch.Event> all) {
        if (all.isEmpty()) {
            return List.of(List.of());
        }
        List<List<PresenceBatch.Event>> chunks = new ArrayList<>();
        for (int from = 0; from < all.size(); from += CHUNK) {
            chunks.add(all.subList(from, Math.min(all.size(), from + CHUNK)));
        }
        return chunks;
    }

    private Mono<Void> report(List<PresenceBatch.Event> chunk) {
        return web.post()
                .uri("/internal/presence/batch")
                .contentType(MediaType.APPLICATION_JSON)
                .bodyValue(mapper.writeValueAsBytes(new PresenceBatch(instanceId, chunk)))
                .retrieve()
                .toBodilessEntity() // bounded by the client's connect and response timeouts
                .then()
                .onErrorResume(error -> {
                    if (error instanceof WebClientResponseException response
                            && response.getStatusCode().is4xxClientError()) {
                        dropped.addAndGet(chunk.size());
                        log.warn(
                                "presence batch rejected, dropped: events={} status={}",
                                chunk.size(),
                                response.getStatusCode().value());
                    } else {
                        keepForRetry(chunk);
                        log.debug(
                                "presence batch failed, kept for retry: events={} error={}",
                                chunk.size(),
                                error.toString());
                    }
                    return Mono.empty();
                });
    }

    private void keepForRetry(List<PresenceBatch.Event> chunk) {
        synchronized (retry) {
            for (PresenceBatch.Event event : chunk) {
                if (retry.size() >= MAX_QUEUED) {
                    dropped.incrementAndGet();
                } else {
                    retry.addLast(event);
                }
            }
        }
    }

    private Mono<Void> post(String path, Object body) {
        return web.post()
                .uri(path)
                .contentType(MediaType.APPLICATION_JSON)
                .bodyValue(mapper.writeValueAsBytes(body))
                .retrieve()
                .toBodilessEntity() // bounded by the client's connect and response timeouts
                .then()
                .onErrorResume(error -> {
                    log.debug("presence report failed: path={} error={}", path, error.toString());
                    return Mono.empty();
                });
    }

    @Override
    public void start() {
        reporting = Flux.interval(interval, interval, Schedulers.single())
                .onBackpressureDrop()
                .concatMap(tick -> flush(), 1)
                .subscribe();
        announcing = Flux.interval(announceInterval, announceInterval, Schedulers.single())
                .onBackpressureDrop()
                .concatMap(tick -> announce(), 1)
                .subscribe();
    }

    @Override
    public void stop() {
        dispose();
    }

    @Override
    public void stop(Runnable callback) {
        dispose();
        flush().timeout(timeout.multipliedBy(2))
                .onErrorResume(e -> Mono.empty())
                .doFinally(s -> callback.run())
                .subscribe();
    }

    private void dispose() {
        if (reporting != null) {
            reporting.dispose();
            announcing.dispose();
        }
    }

    @Override
    public boolean isRunning() {
        return reporting != null && !reporting.isDisposed();
    }

    @Override
    public int getPhase() {
        return DEFAULT_PHASE - 8; // after the drain, so its disconnects are reported
    }
}
