package io.chorus.connection.session;

import io.chorus.connection.hub.OutgoingFrame;
import io.chorus.connection.hub.Subscriber;
import io.chorus.connection.metrics.ConnectionMetrics;
import io.chorus.protocol.ClientFrame;
import io.chorus.protocol.CloseCode;
import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelOutboundBuffer;
import io.netty.channel.EventLoop;
import io.netty.handler.codec.http.websocketx.CloseWebSocketFrame;
import io.netty.handler.codec.http.websocketx.PingWebSocketFrame;
import io.netty.handler.codec.http.websocketx.TextWebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocketFrameEncoder;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Arrays;
import java.util.concurrent.TimeUnit;
import reactor.core.publisher.Mono;

/**
 * One client's WebSocket: its identity, joined rooms (the {@code connection -> rooms} index, so a disconnect
 * never scans rooms), heartbeat clock, abuse counters, and its outbound path. The outbound queue is Netty's
 * outbound buffer of the channel, bounded in bytes by the channel's write-buffer water marks: above the high
 * mark low-priority frames are dropped; above {@code hopelessBytes} a high-priority frame closes the
 * connection with 1013. Every write happens on the channel's event loop.
 *
 * <p>Fan-out frames arrive already framed ({@link OutgoingFrame#wire()}): they are written at the WebSocket
 * encoder's place in the pipeline, so they skip Reactor Netty's bridge, the inbound handlers, the deflate
 * and frame encoders (nothing to encode) and go only through what lies between the encoder and the socket.
 * Replies, pings and close frames take the whole pipeline; both paths write in call order to the same
 * outbound buffer.
 */
public final class Connection implements Subscriber {

    private static final String[] NO_ROOMS = new String[0];
    private static final int MAX_WAITING = 64;

    private final long id;
    private final Identity identity;
    private final String device;
    private final Channel channel;
    private final int hopelessBytes;
    private final boolean deflate; // negotiated permessage-deflate and takes compressed-once frames
    private final Duration closeGrace;
    private final ConnectionMetrics metrics;
    private final ChannelHandlerContext wire; // the WebSocket encoder's context: framed bytes go in below it

    private String[] rooms = NO_ROOMS; // guarded by this
    private boolean ended; // guarded by this
    private volatile boolean closing;
    private volatile long lastReceived;
    private volatile boolean pinged;
    private boolean flushPending; // event loop only

    // requests, served one at a time in arrival order; event loop only
    private ConnectionHandler requests;
    private boolean serving;
    private ArrayDeque<ClientFrame> waiting; // allocated while requests wait, dropped when empty

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
            int hopelessBytes,
            boolean deflate,
            Duration closeGrace,
            ConnectionMetrics metrics) {
        this.id = id;
        this.identity = identity;
        this.device = device;
        this.channel = channel;
        this.hopelessBytes = hopelessBytes;
        this.deflate = deflate;
        this.closeGrace = closeGrace;
        this.metrics = metrics;
        this.wire = channel.pipeline().context(WebSocketFrameEncoder.class);
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

    /** Whether this side sent its close frame (or is about to). */
    boolean isClosing() {
        return closing;
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
            if (!channel.isWritable() && !flushedNowWritable()) {
                return Offer.DROPPED;
            }
        } else if (pendingBytes() > hopelessBytes) {
            close(CloseCode.TRY_AGAIN_LATER, "outbound queue full: reconnect and pull");
            return Offer.CLOSED;
        }
        // framed (and for deflate connections compressed) once for every connection: a duplicate of the bytes
        ByteBuf bytes = (deflate ? frame.wireDeflated() : frame.wire()).retainedDuplicate();
        ChannelHandlerContext ctx = wire;
        if (ctx != null && !ctx.isRemoved()) {
            ctx.write(bytes, channel.voidPromise());
        } else {
            channel.write(bytes, channel.voidPromise()); // bytes pass the WebSocket encoders untouched
        }
        return Offer.WRITTEN;
    }

    /**
     * A burst of frames written in one drain can pass the high-water mark before the batch's flush: flush
     * what is queued now, so the drop decision sees the client's real backlog, not the unflushed batch.
     */
    private boolean flushedNowWritable() {
        if (!flushPending) {
            return false;
        }
        flush(); // the connection stays in the drain's flush list; flushing it again there is cheap
        return channel.isWritable();
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
        ChannelHandlerContext ctx = wire;
        if (ctx != null && !ctx.isRemoved()) {
            ctx.flush();
        } else {
            channel.flush();
        }
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
        EventLoop loop = channel.eventLoop();
        if (loop.inEventLoop()) {
            sendClose(code, reason);
        } else {
            loop.execute(() -> sendClose(code, reason));
        }
    }

    /**
     * Writes the close frame after everything queued and keeps reading (and discarding) until the client
     * answers with its own close frame ({@link InboundFrames} then closes the socket) or the close grace
     * ends. Closing the socket at once would reset it while the client's frames are still arriving, and a
     * reset makes the client's kernel throw away the frames we sent last (the error that explains the
     * close, and the close frame itself).
     */
    private void sendClose(CloseCode code, String reason) {
        if (channel.isActive()) {
            channel.writeAndFlush(new CloseWebSocketFrame(code.code(), reason), channel.voidPromise());
        }
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

    // ---- requests -----------------------------------------------------------------------------------------

    /** Who serves this connection's requests; set once, right after the upgrade. */
    void servedBy(ConnectionHandler handler) {
        this.requests = handler;
    }

    /**
     * Serves {@code frame} now, or after the requests before it (in order); false when too many wait
     * already. Event loop only.
     */
    boolean submit(ClientFrame frame) {
        if (serving) {
            if (waiting == null) {
                waiting = new ArrayDeque<>(4);
            } else if (waiting.size() >= MAX_WAITING) {
                return false;
            }
            waiting.add(frame);
            return true;
        }
        start(frame);
        return true;
    }

    /** Serves {@code frame}, then every waiting one that is served at once, until one has to wait. */
    private void start(ClientFrame frame) {
        while (frame != null) {
            serving = true;
            Mono<Void> pending = requests.serve(this, frame);
            if (pending != null) {
                pending.subscribe(null, error -> served(), this::served);
                return;
            }
            serving = false;
            frame = pollWaiting();
        }
    }

    private ClientFrame pollWaiting() {
        ClientFrame frame = waiting == null ? null : waiting.poll();
        if (frame == null) {
            waiting = null;
        }
        return frame;
    }

    private void served() {
        EventLoop loop = channel.eventLoop();
        if (loop.inEventLoop()) {
            next();
        } else {
            loop.execute(this::next);
        }
    }

    private void next() {
        serving = false;
        ClientFrame frame = pollWaiting();
        if (frame != null) {
            start(frame);
        }
    }

    @Override
    public String toString() {
        return "Connection[id=" + id + ", user=" + identity.user() + ", device=" + device + "]";
    }
}
