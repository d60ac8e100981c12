package io.chorus.connection.hub;

import io.netty.channel.EventLoop;

/**
 * One local receiver of room frames (a WebSocket connection). The hub calls {@link #offer} and
 * {@link #flush} only on the subscriber's {@link #eventLoop()}, so implementations need no locking there.
 */
public interface Subscriber {

    /** What became of an offered frame. */
    enum Offer {
        /** Written to the connection's outbound queue (not flushed yet). */
        WRITTEN,
        /** Dropped: low priority and the connection's queue is above its high-water mark. */
        DROPPED,
        /** Not written: the connection is closed, or was closed now as hopeless. */
        CLOSED
    }

    /** The event loop that owns this subscriber's channel. */
    EventLoop eventLoop();

    /** Writes the frame's shared bytes without copying them, unless the queue bounds say otherwise. */
    Offer offer(OutgoingFrame frame);

    /** Marks the subscriber for the flush at the end of the current batch; false if already marked. */
    boolean markForFlush();

    /** Flushes what {@link #offer} wrote since the last flush. */
    void flush();

    /** The hub removed this subscriber from {@code room} because the room ended. */
    void roomClosed(String room);
}
