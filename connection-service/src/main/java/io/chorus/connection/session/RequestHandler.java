package io.chorus.connection.session;

import io.chorus.connection.config.ConnectionProperties;
import io.chorus.connection.hub.Hub;
import io.chorus.connection.upstream.JoinSnapshot;
import io.chorus.connection.upstream.JoinSnapshots;
import io.chorus.connection.upstream.PresenceReporter;
import io.chorus.connection.upstream.RoomBans;
import io.chorus.connection.upstream.RoomServiceClient;
import io.chorus.protocol.ChatSubmitted;
import io.chorus.protocol.ClientFrame;
import io.chorus.protocol.ErrorCode;
import io.chorus.protocol.ServerFrame;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import reactor.core.publisher.Mono;

/**
 * Serves the requests of one connection, in order: join, leave, chat, ping, read, typing. Every reply is a
 * direct reply that echoes the request id and is never dropped. No method errors: a failure becomes an
 * {@code error} frame.
 */
public final class RequestHandler {

    private final Hub hub;
    private final JoinSnapshots snapshots;
    private final RoomBans bans;
    private final RoomServiceClient roomService;
    private final PresenceReporter presence;
    private final FrameEncoder encoder;
    private final int maxRooms;
    private final Duration subscribeTimeout;

    public RequestHandler(
            Hub hub,
            JoinSnapshots snapshots,
            RoomBans bans,
            RoomServiceClient roomService,
            PresenceReporter presence,
            FrameEncoder encoder,
            ConnectionProperties properties) {
        this.hub = hub;
        this.snapshots = snapshots;
        this.bans = bans;
        this.roomService = roomService;
        this.presence = presence;
        this.encoder = encoder;
        this.maxRooms = properties.limits().maxRoomsPerConnection();
        this.subscribeTimeout = properties.route().subscribeTimeout();
    }

    /**
     * Serves one request. Returns {@code null} when it was served at once (its reply, if any, is written):
     * ping, leave, and a join whose room snapshot is cached and whose room is known to have no bans, the
     * churn path, subscribe to nothing. Otherwise a Mono that completes once the reply has been written.
     */
    public Mono<Void> handle(Connection connection, ClientFrame frame) {
        if (frame instanceof ClientFrame.Join join) {
            return join(connection, join);
        }
        if (frame instanceof ClientFrame.Leave leave) {
            if (connection.removeRoom(leave.room())) {
                hub.leave(leave.room(), connection);
            }
            connection.reply(encoder.left(leave.id(), leave.room()));
            return null;
        }
        if (frame instanceof ClientFrame.Ping ping) {
            connection.reply(encoder.encode(new ServerFrame.Pong(ping.id())));
            return null;
        }
        if (frame instanceof ClientFrame.Chat chat) {
            return chat(connection, chat);
        }
        if (frame instanceof ClientFrame.Read read) {
            errorNow(connection, read.id(), ErrorCode.UNAVAILABLE, "read cursors are not served here yet");
        }
        return null; // typing: no reply; group typing is not relayed by this instance yet
    }

    private Mono<Void> join(Connection connection, ClientFrame.Join join) {
        if (!connection.isJoined(join.room()) && connection.roomCount() >= maxRooms) {
            errorNow(connection, join.id(), ErrorCode.LIMIT_EXCEEDED, "at most " + maxRooms + " rooms per connection");
            return null;
        }
        JoinSnapshots.Entry ready = snapshots.ready(join.room());
        if (ready != null && bans.knownWithoutBans(join.room())) {
            return admit(connection, join, ready.value(), false, ready);
        }
        return Mono.zip(snapshots.get(join.room()), bans.isBanned(join.room(), connection.user()))
                .flatMap(checks -> {
                    Mono<Void> pending = admit(connection, join, checks.getT1(), checks.getT2(), null);
                    return pending == null ? Mono.<Void>empty() : pending;
                });
    }

    /** Admits the joiner; null when answered at once, else a Mono for the wait on a new room's subscription. */
    private Mono<Void> admit(
            Connection connection,
            ClientFrame.Join join,
            JoinSnapshot snapshot,
            boolean banned,
            JoinSnapshots.Entry entry) {
        if (snapshot.state() == JoinSnapshot.State.NOT_FOUND) {
            errorNow(connection, join.id(), ErrorCode.ROOM_NOT_FOUND, "no such room");
            return null;
        }
        if (snapshot.state() == JoinSnapshot.State.CLOSED) {
            errorNow(connection, join.id(), ErrorCode.ROOM_CLOSED, "the room has ended");
            return null;
        }
        if (banned) {
            errorNow(connection, join.id(), ErrorCode.BANNED, "banned from this room");
            return null;
        }
        CompletableFuture<?>[] subscribed = new CompletableFuture<?>[1];
        boolean added =
                connection.addRoom(join.room(), maxRooms, () -> subscribed[0] = hub.join(join.room(), connection));
        if (!added) {
            if (connection.isOpen()) {
                errorNow(connection, join.id(), ErrorCode.LIMIT_EXCEEDED, "at most " + maxRooms + " rooms");
            }
            return null;
        }
        presence.joined(join.room(), connection.user());
        CompletableFuture<?> ready = subscribed[0];
        if (ready == null || ready.isDone()) {
            // the room was live here already: no wait, no timer
            replyJoined(connection, join, snapshot, entry);
            return null;
        }
        // the room's first local viewer waits (bounded) for the subscription
        return Mono.fromFuture(ready)
                .then()
                .timeout(subscribeTimeout)
                .onErrorResume(e -> Mono.empty())
                .then(Mono.fromRunnable(() -> replyJoined(connection, join, snapshot, entry)));
    }

    private void replyJoined(
            Connection connection, ClientFrame.Join join, JoinSnapshot snapshot, JoinSnapshots.Entry entry) {
        JoinSnapshots.Entry cached = entry != null ? entry : snapshots.ready(join.room());
        connection.reply(encoder.joined(join.id(), join.room(), snapshot, cached));
    }

    private Mono<Void> chat(Connection connection, ClientFrame.Chat chat) {
        if (!connection.isJoined(chat.room())) {
            return error(connection, chat.id(), ErrorCode.NOT_JOINED, "join the room first");
        }
        Identity identity = connection.identity();
        ChatSubmitted submitted = new ChatSubmitted(
                chat.room(), identity.user(), identity.name(), identity.roles(), chat.text(), chat.id());
        return roomService.submit(submitted).flatMap(result -> chatReply(connection, chat, result));
    }

    private Mono<Void> chatReply(Connection connection, ClientFrame.Chat chat, RoomServiceClient.ChatResult result) {
        if (result instanceof RoomServiceClient.Accepted accepted) {
            return reply(connection, new ServerFrame.Ack(chat.id(), accepted.msgId(), accepted.shed()));
        }
        RoomServiceClient.Rejected rejected = (RoomServiceClient.Rejected) result;
        return error(connection, chat.id(), rejected.code(), rejected.message());
    }

    private void errorNow(Connection connection, String id, ErrorCode code, String message) {
        connection.reply(encoder.encode(new ServerFrame.Error(id, code, message)));
    }

    private Mono<Void> error(Connection connection, String id, ErrorCode code, String message) {
        return reply(connection, new ServerFrame.Error(id, code, message));
    }

    private Mono<Void> reply(Connection connection, ServerFrame frame) {
        return Mono.fromRunnable(() -> connection.reply(encoder.encode(frame)));
    }
}
