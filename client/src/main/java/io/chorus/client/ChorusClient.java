package io.chorus.client;

import io.chorus.protocol.ClientFrame;
import io.chorus.protocol.ServerFrame;
import io.netty.channel.EventLoop;
import java.net.URI;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.publisher.Sinks;

/**
 * One connection to Chorus over the WebSocket protocol (docs/protocol.md).
 *
 * <p>Requests ({@link #join}, {@link #leave}, {@link #chat}, {@link #ping}, {@link #read}) get a generated
 * {@code id} and complete with the reply echoing it; an {@code error} reply fails them with {@link
 * ChorusErrorException}, no reply within the request timeout with {@link ChorusTimeoutException}, a lost
 * connection with {@link ChorusConnectionException}. Every other frame is pushed to {@link #frames()}.
 *
 * <p>After a close the client reconnects following the close code's rule (see {@link Backoff}), rejoins the
 * rooms it had joined, and reports missed gifts to the {@link GiftGapListener}. Methods never block and
 * never throw; {@code Mono}s are lazy: nothing happens until subscribed.
 */
public final class ChorusClient {

    private static final Logger log = LoggerFactory.getLogger(ChorusClient.class);
    private static final int REJOIN_CONCURRENCY = 16;

    private final ClientOptions options;
    private final Requests requests;
    private final GapDetector gaps;
    private final FrameRouter router;
    private final ConnectionManager connection;
    private final Set<String> rooms = ConcurrentHashMap.newKeySet();
    private final AtomicLong framesReceived = new AtomicLong();
    private volatile Sinks.@Nullable Many<ServerFrame> pushed;

    ChorusClient(ClientOptions options) {
        this.options = options;
        this.requests = new Requests(
                options.resources().codec(),
                options.requestTimeout(),
                options.resources().timer());
        this.gaps = new GapDetector(options.giftGapListener(), options.notifyGapListener());
        this.router = new FrameRouter(requests, gaps, rooms, this::push);
        this.connection = new ConnectionManager(
                options,
                new TokenSource(options.token(), options.tokenProvider()),
                requests,
                this::onText,
                this::rejoin,
                this::closedForGood);
    }

    /** A builder for a client of the WebSocket endpoint, e.g. {@code ws://127.0.0.1:8080/ws}. */
    public static ChorusClientBuilder builder(URI wsUri) {
        return new ChorusClientBuilder(wsUri);
    }

    /** Opens the WebSocket; completes once upgraded. A refused upgrade fails (401: bad token). */
    public Mono<Void> connect() {
        return connection.connect();
    }

    /**
     * Joins a live room. Once joined, the client rejoins it after every reconnect until {@link #leave},
     * {@code room.closed} or {@link #close()}. Fails with {@link ChorusErrorException} ({@code
     * room_not_found}, {@code room_closed}, {@code banned}, ...).
     */
    public Mono<ServerFrame.Joined> join(String room) {
        return Mono.defer(() -> requests.send(
                        connection.session(), "join", id -> new ClientFrame.Join(id, room), ServerFrame.Joined.class))
                .doOnNext(joined -> joined(room, joined));
    }

    /** Leaves a room; it is not rejoined any more, even when the reply does not come. */
    public Mono<Void> leave(String room) {
        return Mono.defer(() -> {
            rooms.remove(room);
            gaps.forgetRoom(room);
            Session session = connection.session();
            if (session == null) {
                return Mono.empty();
            }
            return requests.send(session, "leave", id -> new ClientFrame.Leave(id, room), ServerFrame.Left.class)
                    .then();
        });
    }

    /** Sends chat into a joined room; the {@code ack} carries the {@code msgId}. */
    public Mono<ServerFrame.Ack> chat(String room, String text) {
        return Mono.defer(() -> requests.send(
                connection.session(), "chat", id -> new ClientFrame.Chat(id, room, text), ServerFrame.Ack.class));
    }

    /** Application-level heartbeat; completes on {@code pong}. */
    public Mono<Void> ping() {
        return Mono.defer(() ->
                        requests.send(connection.session(), "ping", ClientFrame.Ping::new, ServerFrame.Pong.class))
                .then();
    }

    /** Moves the read cursor of a conversation; also the baseline of its notification sequence. */
    public Mono<Void> read(String conv, long seq) {
        return Mono.defer(() -> requests.send(
                        connection.session(), "read", id -> new ClientFrame.Read(id, conv, seq), ServerFrame.Ack.class))
                .then();
    }

    /** Tells the other members of a conversation that the user is typing; no reply, completes once sent. */
    public Mono<Void> typing(String conv) {
        return Mono.defer(() -> {
            Session session = connection.session();
            if (session == null) {
                return Mono.error(new ChorusConnectionException("not connected", 0));
            }
            return session.send(options.resources().codec().encode(new ClientFrame.Typing(null, conv)));
        });
    }

    /**
     * Writes one text frame as is on the current session, for load tools that build their frames
     * themselves and read the replies with a {@link RawFrameListener}: no request tracking, no id, no
     * timeout, no Reactor. Called on the connection's {@link #eventLoop()}, the frame is written at once;
     * from another thread it is handed to that loop.
     *
     * @return {@code false} when not connected or when the outbound buffer is above the high-water mark
     *     (the server does not read); {@code true} once the frame is queued for writing (a write that fails
     *     later closes the connection)
     */
    public boolean sendRaw(String text) {
        Session session = connection.session();
        return session != null && session.sendRaw(text);
    }

    /**
     * The event loop that does the current session's I/O and calls the {@link RawFrameListener}, or {@code
     * null} when not connected: a load tool runs its work there (no hand-over between threads) and uses it
     * as its timer ({@link EventLoop#schedule}). Never block on it. After a reconnect it may be another
     * loop.
     */
    public @Nullable EventLoop eventLoop() {
        Session session = connection.session();
        return session == null ? null : session.eventLoop();
    }

    /**
     * Every pushed frame ({@code room.batch}, {@code gift}, {@code notify}, {@code cursor}, {@code typing},
     * {@code room.closed}, an {@code error} without id ...), not the replies. Hot: frames pushed while
     * nobody subscribes, or to a subscriber without demand, are dropped. Duplicate gifts and notifications
     * are dropped before. Completes on {@link #close()}.
     */
    public Flux<ServerFrame> frames() {
        return pushedSink().asFlux();
    }

    /** The connection states, starting with the current one; completes on {@link #close()}. */
    public Flux<ConnectionState> states() {
        return connection.states();
    }

    public ConnectionState state() {
        return connection.state();
    }

    /** The rooms joined (and rejoined after a reconnect). */
    public Set<String> rooms() {
        return Set.copyOf(rooms);
    }

    /**
     * The baseline of a conversation's notification sequence, e.g. the last sequence the application
     * stored: a later {@code notify} beyond {@code seq + 1} reports a gap.
     */
    public void trackConversation(String conv, long seq) {
        gaps.seedConversation(conv, seq);
    }

    /** The last gift sequence seen in a room, {@code null} when unknown. */
    public @Nullable Long lastGiftSeq(String room) {
        return gaps.lastGiftSeq(room);
    }

    public ClientStats stats() {
        return new ClientStats(
                framesReceived.get(), gaps.duplicates(), gaps.giftGaps(), gaps.notifyGaps(), connection.reconnects());
    }

    /** Closes with 1000 and never reconnects; {@link #frames()} and {@link #states()} complete. */
    public Mono<Void> close() {
        return Mono.defer(() -> {
                    rooms.clear();
                    return connection.close();
                })
                .onErrorResume(error -> Mono.empty())
                .then(Mono.fromRunnable(this::completePushed));
    }

    private void onText(String text, long receivedNanos) {
        framesReceived.incrementAndGet();
        RawFrameListener raw = options.rawFrameListener();
        if (raw != null && raw.onFrame(text, receivedNanos)) {
            return;
        }
        ServerFrame frame = options.resources().codec().decode(text);
        if (frame != null) {
            router.route(frame);
        }
    }

    private void joined(String room, ServerFrame.Joined joined) {
        rooms.add(room);
        gaps.onJoined(
                joined.room() == null
                        ? new ServerFrame.Joined(joined.id(), room, joined.viewers(), joined.recent(), joined.giftSeq())
                        : joined);
    }

    private void closedForGood() {
        for (String room : rooms) {
            rooms.remove(room);
            gaps.forgetRoom(room);
        }
    }

    private void rejoin() {
        List<String> toRejoin = List.copyOf(rooms);
        Flux.fromIterable(toRejoin)
                .flatMap(room -> join(room).onErrorResume(error -> rejoinFailed(room, error)), REJOIN_CONCURRENCY)
                .subscribe();
    }

    private Mono<ServerFrame.Joined> rejoinFailed(String room, Throwable error) {
        if (error instanceof ChorusErrorException) {
            rooms.remove(room);
            gaps.forgetRoom(room);
        }
        log.info("Rejoin failed: uri={} room={} reason={}", options.uri(), room, error.getMessage());
        return Mono.empty();
    }

    private void push(ServerFrame frame) {
        Sinks.Many<ServerFrame> sink = pushed;
        if (sink != null) {
            sink.tryEmitNext(frame);
        }
    }

    private Sinks.Many<ServerFrame> pushedSink() {
        Sinks.Many<ServerFrame> sink = pushed;
        if (sink == null) {
            synchronized (this) {
                sink = pushed;
                if (sink == null) {
                    sink = Sinks.many().multicast().directBestEffort();
                    pushed = sink;
                }
            }
        }
        return sink;
    }

    private void completePushed() {
        pushedSink().tryEmitComplete();
    }
}
