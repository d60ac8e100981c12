package io.chorus.connection.session;

import io.chorus.connection.hub.OutgoingFrame;
import io.chorus.connection.hub.Subscriber;
import io.chorus.connection.metrics.ConnectionMetrics;
import io.chorus.protocol.CloseCode;
import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;
import io.netty.channel.ChannelOutboundBuffer;
import io.netty.channel.EventLoop;
import io.netty.handler.codec.http.websocketx.PingWebSocketFrame;
import io.netty.handler.codec.http.websocketx.TextWebSocketFrame;
import java.time.Duration;
import java.util.Arrays;
import java.util.concurrent.TimeUnit;
import org.springframework.web.reactive.socket.CloseStatus;
import org.springframework.web.reactive.socket.WebSocketSession;
import reactor.core.publisher.Mono;

/**
 * One client's WebSocket: its identity, joined rooms (the {@code connection -> rooms} index, so a disconnect
 * never scans rooms), heartbeat clock, abuse counters, and its outbound path. The outbound queue is Netty's
 * outbound buffer of the channel, bounded in bytes by the channel's write-buffer water marks: above the high
 * mark low-priority frames are dropped; above {@code hopelessBytes} a high-priority frame closes the
 * connection with 1013. Every write happens on the channel's event loop.
 */
public final class Connection implements Subscriber {

    private static final String[] NO_ROOMS = new String[0];

    private final long id;
    private final Identity identity;
    private final String device;
    private final Channel channel;
    private final WebSocketSession session;
    private final int hopelessBytes;
    private final Duration closeGrace;
    private final ConnectionMetrics metrics;

    private String[] rooms = NO_ROOMS; // guarded by this
    private boolean ended; // guarded by this
    private volatile boolean closing;
    private volatile long lastReceived;
    private volatile boolean pinged;
    private boolean flushPending; // event loop only

    // inbound accounting, on the receiving event loop only
    private long rateWindowStart;
    private int rateWindowCount;
    private long strikeWindowStart;
    private int strikes;

    Connection(
            long id,
            Identity identity,
            String device,
            Channel channel,
            WebSocketSession session,
            int hopelessBytes,
            Duration closeGrace,
            ConnectionMetrics metrics) {
        this.id = id;
        this.identity = identity;
        this.device = device;
        this.channel = channel;
        this.session = session;
        this.hopelessBytes = hopelessBytes;
        this.closeGrace = closeGrace;
        this.metrics = metrics;
        this.lastReceived = System.currentTimeMillis();
    }

    public long id() {
        return id;
    }

    public Identity identity() {
        return identity;
    }

    public String user() {
        return identity.user();
    }

    public String device() {
        return device;
    }

    public boolean isOpen() {
        return channel.isActive() && !closing;
    }

    @Override
    public EventLoop eventLoop() {
        return channel.eventLoop();
    }

    // ---- rooms index --------------------------------------------------------------------------------------

    /** Joined rooms. */
    public synchronized String[] rooms() {
        return rooms.clone();
    }

    public synchronized boolean isJoined(String room) {
        return indexOf(room) >= 0;
    }

    public synchronized int roomCount() {
        return rooms.length;
    }

    /**
     * Runs {@code joinHub} and records the room, atomically with respect to {@link #end()}; false when the
     * connection already ended or the room limit is reached (and {@code joinHub} did not run).
     */
    synchronized boolean addRoom(String room, int maxRooms, Runnable joinHub) {
        if (ended) {
            return false;
        }
        if (indexOf(room) >= 0) {
            return true;
        }
        if (rooms.length >= maxRooms) {
            return false;
        }
        joinHub.run();
        String[] next = Arrays.copyOf(rooms, rooms.length + 1);
        next[rooms.length] = room;
        rooms = next;
        return true;
    }

    synchronized boolean removeRoom(String room) {
        int index = indexOf(room);
        if (index < 0) {
            return false;
        }
        String[] next = new String[rooms.length - 1];
        System.arraycopy(rooms, 0, next, 0, index);
        System.arraycopy(rooms, index + 1, next, index, rooms.length - index - 1);
        rooms = next;
        return true;
    }

    /** Marks the connection ended and hands back its rooms, which the caller leaves. */
    synchronized String[] end() {
        ended = true;
        String[] joined = rooms;
        rooms = NO_ROOMS;
        return joined;
    }

    private int indexOf(String room) {
        for (int i = 0; i < rooms.length; i++) {
            if (rooms[i].equals(room)) {
                return i;
            }
        }
        return -1;
    }

    @Override
    public void roomClosed(String room) {
        removeRoom(room);
    }

    // ---- outbound -----------------------------------------------------------------------------------------

    @Override
    public Offer offer(OutgoingFrame frame) {
        if (closing || !channel.isActive()) {
            return Offer.CLOSED;
        }
        if (frame.droppable()) {
            if (!channel.isWritable()) {
                return Offer.DROPPED;
            }
        } else if (pendingBytes() > hopelessBytes) {
            close(CloseCode.TRY_AGAIN_LATER, "outbound queue full: reconnect and pull");
            return Offer.CLOSED;
        }
        channel.write(new TextWebSocketFrame(frame.content().retainedDuplicate()), channel.voidPromise());
        return Offer.WRITTEN;
    }

    @Override
    public boolean markForFlush() {
        if (flushPending) {
            return false;
        }
        flushPending = true;
        return true;
    }

    @Override
    public void flush() {
        flushPending = false;
        channel.flush();
    }

    /** Writes a direct reply (never dropped) and flushes it; takes over {@code content}. */
    void reply(ByteBuf content) {
        EventLoop loop = channel.eventLoop();
        if (loop.inEventLoop()) {
            writeReply(content);
        } else {
            loop.execute(() -> writeReply(content));
        }
    }

    private void writeReply(ByteBuf content) {
        if (!channel.isActive()) {
            content.release();
            return;
        }
        metrics.sent(ConnectionMetrics.Source.REPLY, 1, content.readableBytes());
        channel.writeAndFlush(new TextWebSocketFrame(content), channel.voidPromise());
    }

    /** Bytes waiting in this connection's outbound queue. */
    public long pendingBytes() {
        ChannelOutboundBuffer buffer = channel.unsafe().outboundBuffer();
        return buffer == null ? 0 : buffer.totalPendingWriteBytes();
    }

    public boolean isSlow() {
        return channel.isActive() && !channel.isWritable();
    }

    // ---- heartbeat and inbound accounting -----------------------------------------------------------------

    void received(long now) {
        lastReceived = now;
        pinged = false;
    }

    long lastReceived() {
        return lastReceived;
    }

    /** Sends a WebSocket ping once per silence; browsers answer it with a pong by themselves. */
    void pingIfNeeded() {
        if (pinged) {
            return;
        }
        pinged = true;
        channel.eventLoop().execute(() -> {
            if (channel.isActive()) {
                channel.writeAndFlush(new PingWebSocketFrame(), channel.voidPromise());
            }
        });
    }

    /** Counts an inbound frame; false when the connection exceeded its frames per second. */
    boolean withinRate(long now, int maxPerSecond) {
        if (now - rateWindowStart >= 1000) {
            rateWindowStart = now;
            rateWindowCount = 0;
        }
        return ++rateWindowCount <= maxPerSecond;
    }

    /** Records a bad frame; true when the connection has now had too many within the window. */
    boolean strike(long now, long windowMillis, int maxStrikes) {
        if (now - strikeWindowStart >= windowMillis) {
            strikeWindowStart = now;
            strikes = 0;
        }
        return ++strikes >= maxStrikes;
    }

    // ---- closing ------------------------------------------------------------------------------------------

    /**
     * Closes with a Chorus close code: a close frame after whatever is queued, and the socket itself after the
     * close grace if the client does not answer. Idempotent.
     */
    public void close(CloseCode code, String reason) {
        if (closing) {
            return;
        }
        closing = true;
        metrics.closed(code.code());
        session.close(new CloseStatus(code.code(), reason)).subscribe(null, error -> channel.close());
        closeSoon();
    }

    /** Closes the socket after the close grace unless it closed by itself before. */
    void closeSoon() {
        channel.eventLoop().schedule(this::closeNow, closeGrace.toMillis(), TimeUnit.MILLISECONDS);
    }

    private void closeNow() {
        if (channel.isOpen()) {
            channel.close();
        }
    }

    /** Completes when the socket is closed. */
    Mono<Void> closed() {
        return Mono.create(sink -> channel.closeFuture().addListener(future -> sink.success()));
    }

    @Override
    public String toString() {
        return "Connection[id=" + id + ", user=" + identity.user() + ", device=" + device + "]";
    }
}
