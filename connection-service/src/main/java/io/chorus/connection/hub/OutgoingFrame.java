package io.chorus.connection.hub;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.PooledByteBufAllocator;
import java.util.Objects;
import java.util.zip.Deflater;

/**
 * A server frame encoded once, shared by every connection it goes to. {@link #wire()} is the whole WebSocket
 * frame (header and payload: a server's frames are not masked, so the bytes are the same for every
 * connection), built once on first use; each connection writes a retained duplicate of it (same memory, own
 * indexes) straight to the channel below the WebSocket encoder, never a copy and never a per-connection
 * encoding. For connections that negotiated permessage-deflate without server context takeover,
 * {@link #wireDeflated()} compresses the frame ONCE and frames it with RSV1 set, and every such connection
 * writes a duplicate of those bytes (compress once, send to many: docs/protocol.md, Compression).
 *
 * <p>References: {@link #retain()} and {@link #release()} count on {@link #content()}; the framed and
 * compressed bytes are released with the last reference.
 */
public final class OutgoingFrame {

    private static final ThreadLocal<Deflater> DEFLATERS =
            ThreadLocal.withInitial(() -> new Deflater(Deflater.DEFAULT_COMPRESSION, true));
    private static final ThreadLocal<byte[]> SCRATCH = ThreadLocal.withInitial(() -> new byte[16 * 1024]);

    private final ByteBuf content;
    private final FrameKind kind;
    private final long receivedNanos;
    private volatile ByteBuf deflated;
    private volatile ByteBuf wire;
    private volatile ByteBuf wireDeflated;

    /**
     * @param content the UTF-8 JSON bytes (reference-counted; released by whoever holds the last reference)
     * @param kind what the frame is and whether it may be dropped
     * @param receivedNanos {@link System#nanoTime()} when the frame arrived, for the fan-out latency timer
     */
    public OutgoingFrame(ByteBuf content, FrameKind kind, long receivedNanos) {
        this.content = Objects.requireNonNull(content);
        this.kind = Objects.requireNonNull(kind);
        this.receivedNanos = receivedNanos;
    }

    public ByteBuf content() {
        return content;
    }

    public FrameKind kind() {
        return kind;
    }

    public long receivedNanos() {
        return receivedNanos;
    }

    /** Whether a slow consumer or an overloaded instance may drop this frame. */
    public boolean droppable() {
        return !kind.high();
    }

    /**
     * The frame as one permessage-deflate message compressed without context (RFC 7692: raw deflate, sync
     * flush, the final {@code 00 00 ff ff} removed), built once by the first caller and shared. The caller
     * must hold a reference to this frame.
     */
    public ByteBuf deflated() {
        ByteBuf result = deflated;
        if (result == null) {
            synchronized (this) {
                result = deflated;
                if (result == null) {
                    result = deflate(content);
                    deflated = result;
                }
            }
        }
        return result;
    }

    /**
     * The frame as one complete, unmasked WebSocket text frame (FIN, opcode 1, length, payload), built once
     * by the first caller and shared. The caller must hold a reference to this frame.
     */
    public ByteBuf wire() {
        ByteBuf result = wire;
        if (result == null) {
            synchronized (this) {
                result = wire;
                if (result == null) {
                    result = frame(content, false);
                    wire = result;
                }
            }
        }
        return result;
    }

    /**
     * {@link #deflated()} as one complete WebSocket text frame with RSV1 set (a permessage-deflate message),
     * built once and shared. The caller must hold a reference to this frame.
     */
    public ByteBuf wireDeflated() {
        ByteBuf result = wireDeflated;
        if (result == null) {
            synchronized (this) {
                result = wireDeflated;
                if (result == null) {
                    result = frame(deflated(), true);
                    wireDeflated = result;
                }
            }
        }
        return result;
    }

    /** Frames {@code payload} as one unmasked, final WebSocket text frame, RSV1 set when compressed. */
    static ByteBuf frame(ByteBuf payload, boolean compressed) {
        int length = payload.readableBytes();
        int header = length < 126 ? 2 : length <= 0xFFFF ? 4 : 10;
        ByteBuf out = PooledByteBufAllocator.DEFAULT.directBuffer(header + length);
        out.writeByte(0x80 | (compressed ? 0x40 : 0) | 0x1);
        if (length < 126) {
            out.writeByte(length);
        } else if (length <= 0xFFFF) {
            out.writeByte(126);
            out.writeShort(length);
        } else {
            out.writeByte(127);
            out.writeLong(length);
        }
        out.writeBytes(payload, payload.readerIndex(), length);
        return out;
    }

    /** Compresses {@code input} as one no-context permessage-deflate message into a new direct buffer. */
    public static ByteBuf deflate(ByteBuf input) {
        Deflater deflater = DEFLATERS.get();
        byte[] scratch = SCRATCH.get();
        ByteBuf out = PooledByteBufAllocator.DEFAULT.directBuffer(Math.max(64, input.readableBytes() / 2 + 16));
        try {
            deflater.setInput(input.nioBuffer());
            int n;
            do {
                n = deflater.deflate(scratch, 0, scratch.length, Deflater.SYNC_FLUSH);
                out.writeBytes(scratch, 0, n);
            } while (n == scratch.length || !deflater.needsInput());
            // a sync flush ends with an empty stored block 00 00 ff ff, which the receiver appends again
            out.writerIndex(out.writerIndex() - 4);
            return out;
        } catch (RuntimeException e) {
            out.release();
            throw e;
        } finally {
            deflater.reset();
        }
    }

    /** Takes one more reference on the shared bytes. */
    public OutgoingFrame retain() {
        content.retain();
        return this;
    }

    /** Gives one reference back; the last one also frees the compressed bytes. */
    public void release() {
        if (content.release()) {
            releaseIfSet(deflated);
            releaseIfSet(wire);
            releaseIfSet(wireDeflated);
        }
    }

    private static void releaseIfSet(ByteBuf buffer) {
        if (buffer != null) {
            buffer.release();
        }
    }

    @Override
    public String toString() {
        return "OutgoingFrame[kind=" + kind + ", bytes=" + content.readableBytes() + "]";
    }
}
