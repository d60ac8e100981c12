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
import java.util.List;
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
        return Mono.defer(() -> Mono.fromFuture(offer(room, budgetPerSecond, message), true));
    }

    /** Rooms with an open window on this instance. */
    public int openWindows() {
        return windows.size();
    }

    private CompletableFuture<Boolean> offer(String room, int budgetPerSecond, RoomMessage message) {
        Pending pending = new Pending(message, System.nanoTime());
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
        publisher
                .publish(window.room, window.budgetPerSecond, window.burst, high, low)
                .subscribe(outcome -> decided(window, outcome), error -> failed(window, error));
    }

    private void decided(RoomWindow window, WindowPublisher.Outcome outcome) {
        long now = System.nanoTime();
        int granted = outcome.published() ? outcome.granted() : 0;
        for (Pending pending : window.high) {
            deliveredOrClosed(pending, outcome.published(), now);
        }
        for (int i = 0; i < window.low.size(); i++) {
            Pending pending = window.low.get(i);
            if (i < granted) {
                deliveredOrClosed(pending, true, now);
            } else {
                pending.shed().complete(true);
            }
        }
        if (outcome.published()) {
            metrics.delivered(Priority.HIGH, window.high.size());
            metrics.delivered(Priority.LOW, granted);
            metrics.shed(ShedReason.BUDGET, Priority.LOW, window.low.size() - granted);
        } else {
            metrics.shed(ShedReason.CLOSED, Priority.HIGH, window.high.size());
            metrics.shed(ShedReason.CLOSED, Priority.LOW, window.low.size());
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
