package io.chorus.client;

import io.chorus.protocol.ClientFrame;
import io.chorus.protocol.ServerFrame;
import java.time.Duration;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;
import org.jspecify.annotations.Nullable;
import reactor.core.publisher.Mono;
import reactor.core.publisher.MonoSink;
import reactor.core.scheduler.Scheduler;

/**
 * Requests in flight on one client: each gets a generated {@code id}, waits for the reply echoing it, and
 * fails after the request timeout. An {@code error} reply fails the request with {@link
 * ChorusErrorException}.
 */
final class Requests {

    private final ConcurrentMap<String, MonoSink<ServerFrame>> pending = new ConcurrentHashMap<>();
    private final AtomicLong nextId = new AtomicLong();
    private final FrameCodec codec;
    private final Duration timeout;
    private final Scheduler timer;

    Requests(FrameCodec codec, Duration timeout, Scheduler timer) {
        this.codec = codec;
        this.timeout = timeout;
        this.timer = timer;
    }

    /**
     * Sends the frame built for a fresh id on {@code session} and waits for its reply.
     *
     * @param type the request's {@code type}, for errors
     * @param replyType the expected reply
     */
    <T extends ServerFrame> Mono<T> send(
            @Nullable Session session, String type, Function<String, ClientFrame> frame, Class<T> replyType) {
        if (session == null) {
            return Mono.error(new ChorusConnectionException("not connected", 0));
        }
        return Mono.<ServerFrame>create(sink -> {
                    String id = Long.toString(nextId.incrementAndGet(), 36);
                    pending.put(id, sink);
                    sink.onDispose(() -> pending.remove(id));
                    session.send(codec.encode(frame.apply(id))).subscribe(null, sink::error);
                })
                .timeout(timeout, Mono.error(() -> new ChorusTimeoutException(type, timeout)), timer)
                .flatMap(reply -> expect(reply, type, replyType));
    }

    /** Completes the request {@code id} with its reply; {@code false} when none waits (timed out, unknown). */
    boolean complete(String id, ServerFrame reply) {
        MonoSink<ServerFrame> sink = pending.remove(id);
        if (sink == null) {
            return false;
        }
        sink.success(reply);
        return true;
    }

    /** Fails every request in flight, e.g. when the session closed: no reply can come any more. */
    void failAll(Throwable error) {
        for (String id : pending.keySet()) {
            MonoSink<ServerFrame> sink = pending.remove(id);
            if (sink != null) {
                sink.error(error);
            }
        }
    }

    int inFlight() {
        return pending.size();
    }

    private static <T extends ServerFrame> Mono<T> expect(ServerFrame reply, String type, Class<T> replyType) {
        if (replyType.isInstance(reply)) {
            return Mono.just(replyType.cast(reply));
        }
        if (reply instanceof ServerFrame.Error error) {
            return Mono.error(ChorusErrorException.of(error));
        }
        return Mono.error(new ChorusException(
                "unexpected reply to " + type + ": " + reply.getClass().getSimpleName()));
    }
}
