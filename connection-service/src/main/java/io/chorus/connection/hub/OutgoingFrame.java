package io.chorus.connection.hub;

import io.netty.buffer.ByteBuf;

/**
 * A server frame encoded once, shared by every connection it goes to: each connection writes a retained
 * duplicate of {@link #content()} (same memory, own indexes), never a copy.
 *
 * @param content the UTF-8 JSON bytes (reference-counted; released by whoever holds the last reference)
 * @param kind what the frame is and whether it may be dropped
 * @param receivedNanos {@link System#nanoTime()} when the frame arrived, for the fan-out latency timer
 */
public record OutgoingFrame(ByteBuf content, FrameKind kind, long receivedNanos) {

    /** Whether a slow consumer or an overloaded instance may drop this frame. */
    public boolean droppable() {
        return !kind.high();
    }

    /** Takes one more reference on the shared bytes. */
    public OutgoingFrame retain() {
        content.retain();
        return this;
    }

    /** Gives one reference back. */
    public void release() {
        content.release();
    }
}
