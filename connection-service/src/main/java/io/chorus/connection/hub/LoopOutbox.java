package io.chorus.connection.hub;

import io.chorus.connection.metrics.ConnectionMetrics;
import io.chorus.connection.metrics.ConnectionMetrics.DropReason;
import io.chorus.connection.metrics.ConnectionMetrics.Source;
import io.github.resilience4j.bulkhead.Bulkhead;
import io.netty.channel.EventLoop;
import io.netty.util.internal.PlatformDependent;
import java.util.ArrayList;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * The fan-out work of one event loop. Any thread enqueues (frame, members) tasks; the loop drains every
 * queued task in one go, writes each frame's shared bytes to its members, then flushes every touched
 * connection ONCE, so frames that arrive close together share a flush.
 */
final class LoopOutbox {

    private record Task(OutgoingFrame frame, Subscriber[] members, Source source, boolean permit) {}

    private final EventLoop loop;
    private final ConnectionMetrics metrics;
    private final Bulkhead backlog;
    private final Queue<Task> queue = PlatformDependent.newMpscQueue();
    private final AtomicBoolean scheduled = new AtomicBoolean();
    private final List<Subscriber> touched = new ArrayList<>();
    private final List<Task> done = new ArrayList<>();

    LoopOutbox(EventLoop loop, ConnectionMetrics metrics, Bulkhead backlog) {
        this.loop = loop;
        this.metrics = metrics;
        this.backlog = backlog;
    }

    /**
     * Queues a frame for members on this loop; takes over one reference of the frame. {@code permit} says
     * the caller holds a backlog bulkhead permit that the drain gives back.
     */
    void enqueue(OutgoingFrame frame, Subscriber[] members, Source source, boolean permit) {
        queue.offer(new Task(frame, members, source, permit));
        if (scheduled.compareAndSet(false, true)) {
            loop.execute(this::drain);
        }
    }

    private void drain() {
        Task task;
        while ((task = queue.poll()) != null) {
            write(task);
            done.add(task);
        }
        for (Subscriber subscriber : touched) {
            subscriber.flush();
        }
        touched.clear();
        long now = System.nanoTime();
        for (Task finished : done) {
            metrics.fanoutLatency(now - finished.frame().receivedNanos());
            finished.frame().release();
            if (finished.permit()) {
                backlog.onComplete();
            }
        }
        done.clear();
        scheduled.set(false);
        if (!queue.isEmpty() && scheduled.compareAndSet(false, true)) {
            loop.execute(this::drain);
        }
    }

    private void write(Task task) {
        OutgoingFrame frame = task.frame();
        int written = 0;
        int dropped = 0;
        int closed = 0;
        for (Subscriber subscriber : task.members()) {
            switch (subscriber.offer(frame)) {
                case WRITTEN -> {
                    written++;
                    if (subscriber.markForFlush()) {
                        touched.add(subscriber);
                    }
                }
                case DROPPED -> dropped++;
                case CLOSED -> closed++;
            }
        }
        boolean high = frame.kind().high();
        if (written > 0) {
            metrics.sent(
                    task.source(), written, (long) written * frame.content().readableBytes());
        }
        if (dropped > 0) {
            metrics.dropped(DropReason.SLOW_CONSUMER, high, dropped);
        }
        if (closed > 0) {
            metrics.dropped(DropReason.CLOSED, high, closed);
        }
    }
}
