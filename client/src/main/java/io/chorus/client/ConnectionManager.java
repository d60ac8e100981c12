package io.chorus.client;

import io.chorus.client.ReconnectPolicy.ReconnectDecision;
import io.chorus.protocol.ClientFrame;
import io.chorus.protocol.CloseCode;
import io.chorus.protocol.ServerFrame;
import java.time.Duration;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.ObjLongConsumer;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.Disposable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.core.publisher.Sinks;

/**
 * The connection state machine of one client: opens the session, watches it close, decides with the
 * {@link ReconnectPolicy} whether and when to open the next one, and keeps the heartbeat going.
 */
final class ConnectionManager {

    private static final Logger log = LoggerFactory.getLogger(ConnectionManager.class);
    private static final Duration CLOSE_HANDSHAKE_TIMEOUT = Duration.ofSeconds(2);

    private final ClientOptions options;
    private final Connector connector;
    private final TokenSource tokens;
    private final ReconnectPolicy policy;
    private final Requests requests;
    private final ObjLongConsumer<String> onText;
    private final Runnable onReconnected;
    private final Runnable onClosedForGood;
    private final AtomicInteger attempt = new AtomicInteger();
    private final AtomicLong reconnects = new AtomicLong();
    private final Object lock = new Object();

    private volatile @Nullable Session session;
    private volatile ConnectionState state = ConnectionState.NEW;
    private volatile boolean closedByUser;
    private volatile @Nullable Disposable pendingReconnect;
    private volatile @Nullable Disposable heartbeat;
    private volatile Sinks.@Nullable Many<ConnectionState> states;

    ConnectionManager(
            ClientOptions options,
            TokenSource tokens,
            Requests requests,
            ObjLongConsumer<String> onText,
            Runnable onReconnected,
            Runnable onClosedForGood) {
        this.options = options;
        this.connector = new Connector(options);
        this.tokens = tokens;
        this.policy = new ReconnectPolicy(options.backoff());
        this.requests = requests;
        this.onText = onText;
        this.onReconnected = onReconnected;
        this.onClosedForGood = onClosedForGood;
    }

    /** Opens the first session; fails when it cannot (no automatic retry of a first connect). */
    Mono<Void> connect() {
        return Mono.defer(() -> {
            synchronized (lock) {
                if (closedByUser || (state != ConnectionState.NEW && state != ConnectionState.CLOSED)) {
                    return Mono.error(new IllegalStateException("cannot connect: state=" + state));
                }
                setState(ConnectionState.CONNECTING);
            }
            return tokens.current()
                    .flatMap(token -> connector.open(token, onText))
                    .doOnNext(this::opened)
                    .doOnError(error -> setState(ConnectionState.CLOSED))
                    .doOnCancel(() -> setState(ConnectionState.CLOSED))
                    .then();
        });
    }

    /** Closes the session with 1000 and stops reconnecting; final. */
    Mono<Void> close() {
        return Mono.defer(() -> {
            closedByUser = true;
            dispose(pendingReconnect);
            dispose(heartbeat);
            Session current = session;
            if (current == null) {
                closed();
                return Mono.empty();
            }
            return current.close(CloseCode.NORMAL.code(), "client closed")
                    .then(current.closed())
                    .timeout(
                            CLOSE_HANDSHAKE_TIMEOUT,
                            Mono.fromRunnable(current::abort),
                            options.resources().timer())
                    .onErrorResume(ex -> Mono.empty())
                    .then(Mono.fromRunnable(this::closed));
        });
    }

    @Nullable
    Session session() {
        return session;
    }

    ConnectionState state() {
        return state;
    }

    Flux<ConnectionState> states() {
        return statesSink().asFlux();
    }

    long reconnects() {
        return reconnects.get();
    }

    private void opened(Session opened) {
        synchronized (lock) {
            if (closedByUser) {
                opened.close(CloseCode.NORMAL.code(), "client closed").subscribe();
                return;
            }
            session = opened;
            setState(ConnectionState.CONNECTED);
        }
        startHeartbeat(opened);
        opened.closed().subscribe(status -> sessionClosed(opened, status));
    }

    private void sessionClosed(Session closed, int status) {
        synchronized (lock) {
            if (session != closed) {
                return;
            }
            session = null;
        }
        dispose(heartbeat);
        requests.failAll(new ChorusConnectionException("connection closed: code=" + status, status));
        if (closedByUser) {
            closed();
            return;
        }
        long livedNanos = System.nanoTime() - closed.openedNanos();
        if (livedNanos >= policy.backoff().resetAfter().toNanos()) {
            attempt.set(0);
        }
        ReconnectDecision decision = policy.afterClose(status, attempt.incrementAndGet());
        schedule(decision, "close code=" + status);
    }

    private void schedule(ReconnectDecision decision, String reason) {
        if (!decision.reconnect()) {
            log.info("Connection closed, not reconnecting: uri={} reason={}", options.uri(), reason);
            onClosedForGood.run();
            closed();
            return;
        }
        setState(ConnectionState.RECONNECTING);
        log.debug(
                "Reconnecting: uri={} reason={} attempt={} delayMs={} newToken={}",
                options.uri(),
                reason,
                attempt.get(),
                decision.delay().toMillis(),
                decision.newToken());
        Mono<String> token = decision.newToken() ? tokens.refresh() : tokens.current();
        pendingReconnect = Mono.delay(decision.delay(), options.resources().timer())
                .then(token)
                .flatMap(t -> connector.open(t, onText))
                .subscribe(this::reopened, this::reconnectFailed);
    }

    private void reopened(Session reopened) {
        reconnects.incrementAndGet();
        opened(reopened);
        if (session == reopened) {
            log.debug("Reconnected: uri={} attempt={}", options.uri(), attempt.get());
            onReconnected.run();
        }
    }

    private void reconnectFailed(Throwable error) {
        if (closedByUser) {
            return;
        }
        boolean unauthorized = error instanceof ChorusConnectionException ex && ex.isUnauthorized();
        ReconnectDecision decision =
                policy.afterFailedAttempt(unauthorized, tokens.canRefresh(), attempt.incrementAndGet());
        schedule(decision, "reconnect failed: " + error.getMessage());
    }

    private void startHeartbeat(Session current) {
        Duration interval = options.heartbeat();
        if (interval == null) {
            return;
        }
        long periodMillis = interval.toMillis();
        long firstMillis = ThreadLocalRandom.current().nextLong(periodMillis + 1);
        heartbeat = options.resources()
                .timer()
                .schedulePeriodically(() -> ping(current), firstMillis, periodMillis, TimeUnit.MILLISECONDS);
    }

    private void ping(Session current) {
        requests.send(current, "ping", ClientFrame.Ping::new, ServerFrame.Pong.class)
                .subscribe(null, error -> heartbeatFailed(current, error));
    }

    private void heartbeatFailed(Session current, Throwable error) {
        if (error instanceof ChorusTimeoutException) {
            log.info("Heartbeat unanswered, dropping the connection: uri={}", options.uri());
            current.abort();
        }
    }

    private void closed() {
        setState(ConnectionState.CLOSED);
        if (closedByUser) {
            synchronized (lock) {
                Sinks.Many<ConnectionState> sink = states;
                if (sink != null) {
                    sink.tryEmitComplete();
                }
            }
        }
    }

    private void setState(ConnectionState next) {
        synchronized (lock) {
            if (state == next) {
                return;
            }
            state = next;
            Sinks.Many<ConnectionState> sink = states;
            if (sink != null) {
                sink.tryEmitNext(next);
            }
        }
    }

    private Sinks.Many<ConnectionState> statesSink() {
        Sinks.Many<ConnectionState> sink = states;
        if (sink == null) {
            synchronized (lock) {
                sink = states;
                if (sink == null) {
                    sink = Sinks.many().replay().latestOrDefault(state);
                    states = sink;
                }
            }
        }
        return sink;
    }

    private static void dispose(@Nullable Disposable disposable) {
        if (disposable != null) {
            disposable.dispose();
        }
    }
}
