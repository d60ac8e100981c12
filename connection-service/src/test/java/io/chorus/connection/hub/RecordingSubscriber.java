package io.chorus.connection.hub;

import io.netty.channel.EventLoop;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/** A subscriber that records the frames written to it; {@code slow} makes it refuse low-priority ones. */
final class RecordingSubscriber implements Subscriber {

    final List<String> frames = new CopyOnWriteArrayList<>();
    final List<String> closedRooms = new CopyOnWriteArrayList<>();
    volatile boolean slow;
    volatile int flushes;
    private final EventLoop loop;
    private boolean marked;

    RecordingSubscriber(EventLoop loop) {
        this.loop = loop;
    }

    @Override
    public EventLoop eventLoop() {
        return loop;
    }

    @Override
    public Offer offer(OutgoingFrame frame) {
        if (!loop.inEventLoop()) {
            throw new AssertionError("offer off the subscriber's event loop");
        }
        if (slow && frame.droppable()) {
            return Offer.DROPPED;
        }
        frames.add(frame.content().toString(StandardCharsets.UTF_8));
        return Offer.WRITTEN;
    }

    @Override
    public boolean markForFlush() {
        if (marked) {
            return false;
        }
        marked = true;
        return true;
    }

    @Override
    public void flush() {
        marked = false;
        flushes++;
    }

    @Override
    public void roomClosed(String room) {
        closedRooms.add(room);
    }
}
