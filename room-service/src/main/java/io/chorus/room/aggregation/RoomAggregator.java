package io.chorus.room.aggregation;

import io.chorus.protocol.ErrorCode;
import io.chorus.protocol.Priority;
import io.chorus.protocol.RoomMessage;
import io.chorus.room.config.RoomProperties;
import io.chorus.room.shedding.ChatMetrics;
import io.chorus.room.shedding.ShedReason;
import io.chorus.room.web.ProblemException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Mono;

/**
 * Per-room aggregation windows. The first accepted message of an idle room opens a window; it closes after
 * {@code chorus.room.aggregation.window} (default 50 ms) or as soon as it holds
 * {@code max-batch-size} messages, and is handed to the {@link WindowPublisher}: at most one high and one low
 * {@code room.batch} per window. So aggregation adds at most one window of latency, and a room without chat
 * has no window, no timer and no memory here.
 *
 * <p>A message's future completes when its window is decided: {@code false} delivered, {@code true} shed.
 */
@Component
public class RoomAggregator implements DisposableBean {

    private static final Logger log = LoggerFactory.getLogger(RoomAggregator.class);

    private final ConcurrentHashMap<String, RoomWindow> windows = new ConcurrentHashMap<>();
    private final ScheduledThreadPoolExecutor timer;
    private final WindowPublisher publisher;
    private final ChatMetrics metrics;
    private final RoomProperties properties;
    private final long windowNanos;

    public RoomAggregator(WindowPublisher publisher, ChatMetrics metrics, RoomProperties properties) {
        this.publisher = publisher;
        this.metrics = metrics;
        this.properties = properties;
        this.windowNanos = properties.aggregation().window().toNanos();
        this.timer = new ScheduledThreadPoolExecutor(1, runnable -> {
            Thread thread = new Thread(runnable, "room-windows");
            thread.setDaemon(true);
            return thread;
        });
        this.timer.setRemoveOnCancelPolicy(true);
        metrics.windows(windows::size);
    }

    /** Adds an accepted message to its room's window; emits whether it was shed once the window is decided. */
    public Mono<Boolean> submit(String room, int budgetPerSecond, RoomMessage message) {
        return submit(room, budgetPerSecond, message, null);
    }

    /**
     * As {@link #submit(String, int, RoomMessage)}, for a message with an idempotency record in Redis (or
     * {@code null}): it is delivered only while the record names it, and the record learns the decision.
     */
    public Mono<Boolean> submit(String room, int budgetPerSecond, RoomMessage message, String idempotencyRecord) {
        return Mono.defer(() -> Mono.fromFuture(offer(room, budgetPerSecond, message, idempotencyRecord), true));
    }

    /** Rooms with an open window on this instance. */
    public int openWindows() {
        return windows.size();
    }

    private CompletableFuture<Boolean> offer(
            String room, int budgetPerSecond, RoomMessage message, String idempotencyRecord) {
        Pending pending = new Pending(message, System.nanoTime(), idempotencyRecord);
        int burst = properties.budget().burst(budgetPerSecond);
        while (true) {
            RoomWindow window = windows.computeIfAbsent(room, id -> open(id, budgetPerSecond, burst));
            RoomWindow.Added added;
            synchronized (window) {
                if (window.closed) {
                    continue;
                }
                window.budgetPerSecond = budgetPerSecond;
                window.burst = burst;
                added = window.add(pending, properties.aggregation().maxBatchSize());
                if (added == RoomWindow.Added.FULL) {
                    close(window);
                }
            }
            if (added == RoomWindow.Added.SHED) {
                metrics.shed(ShedReason.BUDGET, Priority.LOW, 1);
                if (idempotencyRecord != null) {
                    publisher.shedBeforePublication(room, message.msgId(), idempotencyRecord);
                }
                pending.shed().complete(true);
            } else if (added == RoomWindow.Added.FULL) {
                window.timer.cancel(false);
                flush(window);
            }
            return pending.shed();
        }
    }

    private RoomWindow open(String room, int budgetPerSecond, int burst) {
        RoomWindow window = new RoomWindow(room, budgetPerSecond, burst);
        window.timer = timer.schedule(() -> expire(window), windowNanos, TimeUnit.NANOSECONDS);
        return window;
    }

    private void expire(RoomWindow window) {
        synchronized (window) {
            if (window.closed) {
                return;
            }
            close(window);
        }
        flush(window);
    }

    /** Under the window's monitor: no message joins it any more. */
    private void close(RoomWindow window) {
        window.closed = true;
        windows.remove(window.room, window);
    }

    private void flush(RoomWindow window) {
        List<RoomMessage> high = messages(window.high);
        List<RoomMessage> low = messages(window.low);
        Map<String, String> records = idempotencyRecords(window);
        publisher
                .publish(window.room, window.budgetPerSecond, window.burst, high, low, records)
                .subscribe(outcome -> decided(window, outcome), error -> failed(window, error));
    }

    private void decided(RoomWindow window, WindowPublisher.Outcome outcome) {
        long now = System.nanoTime();
        Set<String> superseded = outcome.superseded();
        int granted = outcome.published() ? outcome.granted() : 0;
        int deliveredHigh = 0;
        int deliveredLow = 0;
        int shedLow = 0;
        for (Pending pending : window.high) {
            if (superseded.contains(pending.message().msgId())) {
                pending.shed().complete(true);
            } else {
                deliveredOrClosed(pending, outcome.published(), now);
                deliveredHigh++;
            }
        }
        for (Pending pending : window.low) {
            if (superseded.contains(pending.message().msgId())) {
                pending.shed().complete(true);
            } else if (deliveredLow < granted) {
                deliveredOrClosed(pending, true, now);
                deliveredLow++;
            } else {
                pending.shed().complete(true);
                shedLow++;
            }
        }
        int supersededHigh = window.high.size() - deliveredHigh;
        int supersededLow = window.low.size() - deliveredLow - shedLow;
        metrics.shed(ShedReason.SUPERSEDED, Priority.HIGH, supersededHigh);
        metrics.shed(ShedReason.SUPERSEDED, Priority.LOW, supersededLow);
        if (outcome.published()) {
            metrics.delivered(Priority.HIGH, deliveredHigh);
            metrics.delivered(Priority.LOW, deliveredLow);
            metrics.shed(ShedReason.BUDGET, Priority.LOW, shedLow);
        } else {
            metrics.shed(ShedReason.CLOSED, Priority.HIGH, deliveredHigh);
            metrics.shed(ShedReason.CLOSED, Priority.LOW, shedLow);
        }
    }

    private void deliveredOrClosed(Pending pending, boolean published, long now) {
        if (published) {
            metrics.published(pending.acceptedNanos(), now);
        }
        pending.shed().complete(!published);
    }

    private void failed(RoomWindow window, Throwable error) {
        log.warn("window not published: room={} messages={} error={}", window.room, size(window), error.toString());
        ProblemException unavailable = new ProblemException(
                ErrorCode.UNAVAILABLE,
                HttpStatus.SERVICE_UNAVAILABLE,
                "chat delivery is unavailable, retry later",
                Duration.ofSeconds(1));
        window.high.forEach(pending -> pending.shed().completeExceptionally(unavailable));
        window.low.forEach(pending -> pending.shed().completeExceptionally(unavailable));
    }

    private static List<RoomMessage> messages(List<Pending> pending) {
        List<RoomMessage> messages = new ArrayList<>(pending.size());
        for (Pending each : pending) {
            messages.add(each.message());
        }
        return messages;
    }

    private static Map<String, String> idempotencyRecords(RoomWindow window) {
        Map<String, String> records = null;
        for (List<Pending> pendings : List.of(window.high, window.low)) {
            for (Pending pending : pendings) {
                if (pending.idempotencyRecord() != null) {
                    if (records == null) {
                        records = new HashMap<>();
                    }
                    records.put(pending.message().msgId(), pending.idempotencyRecord());
                }
            }
        }
        return records == null ? Map.of() : records;
    }

    private static int size(RoomWindow window) {
        return window.high.size() + window.low.size();
    }

    /** On shutdown: publish every open window now rather than lose it. */
    @Override
    public void destroy() {
        List<CompletableFuture<Boolean>> flushing = new ArrayList<>();
        for (RoomWindow window : windows.values()) {
            synchronized (window) {
                if (window.closed) {
                    continue;
                }
                close(window);
            }
            window.timer.cancel(false);
            window.high.forEach(pending -> flushing.add(pending.shed()));
            window.low.forEach(pending -> flushing.add(pending.shed()));
            flush(window);
        }
        try {
            CompletableFuture.allOf(flushing.toArray(CompletableFuture[]::new)).get(2, TimeUnit.SECONDS);
        } catch (Exception e) {
            log.warn("open windows not all published at shutdown: error={}", e.toString());
        }
        timer.shutdownNow();
    }
}
