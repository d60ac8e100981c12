package io.chorus.room.room;

import io.chorus.protocol.ErrorCode;
import io.chorus.protocol.ServerFrame;
import io.chorus.room.config.RoomProperties;
import io.chorus.room.presence.PresenceClient;
import io.chorus.room.store.FrameEncoder;
import io.chorus.room.web.Caller;
import io.chorus.room.web.ProblemException;
import java.security.SecureRandom;
import java.time.Clock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Service;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/** Room lifecycle, settings, bans and retractions, with who may do what. */
@Service
public class RoomService {

    private static final Logger log = LoggerFactory.getLogger(RoomService.class);
    private static final char[] ID_ALPHABET = "abcdefghijkmnpqrstuvwxyz23456789".toCharArray();
    private static final SecureRandom RANDOM = new SecureRandom();

    private final RoomRepository rooms;
    private final PresenceClient presence;
    private final FrameEncoder encoder;
    private final RoomProperties properties;
    private final Clock clock;

    public RoomService(RoomRepository rooms, PresenceClient presence, FrameEncoder encoder, RoomProperties properties) {
        this.rooms = rooms;
        this.presence = presence;
        this.encoder = encoder;
        this.properties = properties;
        this.clock = Clock.systemUTC();
    }

    public Mono<Room> create(Caller caller, RoomRequests.CreateRoom request) {
        String id = request.id() != null ? request.id() : newId();
        String title = request.title() != null ? request.title().strip() : id;
        if (title.length() > properties.rooms().maxTitleLength()) {
            return Mono.error(ProblemException.badRequest(
                    "title longer than " + properties.rooms().maxTitleLength() + " characters"));
        }
        return rooms.create(
                        id,
                        title,
                        caller.user(),
                        clock.millis(),
                        properties.budget().perSecond())
                .flatMap(created -> created ? rooms.find(id) : Mono.error(taken(id)))
                .doOnNext(room -> log.info("room created: room={} streamer={}", id, caller.user()));
    }

    /** The room with its live viewer count (omitted when presence does not answer in time). */
    public Mono<Room> get(String id, String authorization) {
        return existing(id).flatMap(room -> presence.viewers(id, authorization)
                .map(room::withViewers)
                .defaultIfEmpty(room));
    }

    public Mono<Room> updateSettings(Caller caller, String id, RoomRequests.UpdateSettings update) {
        return existing(id)
                .flatMap(room -> requireModerator(caller, room))
                .flatMap(room -> rooms.update(id, update))
                .flatMap(change -> outcome(change, id))
                .then(rooms.find(id))
                .doOnNext(room -> log.info(
                        "room settings changed: room={} by={} settings={}", id, caller.user(), room.settings()));
    }

    /** Closes the room (its streamer or an admin); viewers get {@code room.closed}. Closing twice is harmless. */
    public Mono<Void> close(Caller caller, String id) {
        String frame = encoder.frame(new ServerFrame.RoomClosed(id));
        return existing(id)
                .flatMap(room -> requireOwnerOrAdmin(caller, room))
                .flatMap(room -> rooms.close(id, frame, properties.rooms().closedRetention(), clock.millis()))
                .doOnNext(change -> log.info("room closed: room={} by={} change={}", id, caller.user(), change))
                .then();
    }

    public Mono<RoomRequests.Ban> ban(Caller caller, String id, String user, RoomRequests.BanUser request) {
        long now = clock.millis();
        Long until =
                request == null || request.durationSeconds() == null ? null : now + request.durationSeconds() * 1000L;
        return existing(id)
                .flatMap(room -> requireModerator(caller, room))
                .flatMap(room -> requireBannable(room, user))
                .flatMap(room -> rooms.ban(id, user, until, now))
                .doOnSuccess(
                        done -> log.info("user banned: room={} user={} until={} by={}", id, user, until, caller.user()))
                .thenReturn(new RoomRequests.Ban(id, user, until));
    }

    public Mono<Void> unban(Caller caller, String id, String user) {
        return existing(id)
                .flatMap(room -> requireModerator(caller, room))
                .flatMap(room -> rooms.unban(id, user))
                .doOnNext(removed -> log.info("user unbanned: room={} user={} by={}", id, user, caller.user()))
                .then();
    }

    public Flux<RoomRequests.Ban> bans(Caller caller, String id) {
        return existing(id)
                .flatMap(room -> requireModerator(caller, room))
                .flatMapMany(room -> rooms.bans(id, clock.millis()));
    }

    /** Retracts a message: viewers get {@code room.retracted}; it leaves the recent history. */
    public Mono<Void> retract(Caller caller, String id, String msgId) {
        String frame = encoder.frame(new ServerFrame.Retracted(id, msgId));
        return existing(id)
                .flatMap(room -> requireModerator(caller, room))
                .flatMap(room -> rooms.retract(id, msgId, frame))
                .doOnNext(removed -> log.info("message retracted: room={} msgId={} by={}", id, msgId, caller.user()))
                .then();
    }

    private Mono<Room> existing(String id) {
        return rooms.find(id).switchIfEmpty(Mono.error(() -> ProblemException.roomNotFound(id)));
    }

    private static Mono<Room> requireModerator(Caller caller, Room room) {
        if (caller.user().equals(room.streamer()) || caller.moderatesAll()) {
            return Mono.just(room);
        }
        return Mono.error(ProblemException.forbidden("only the room's streamer or a moderator may do this"));
    }

    private static Mono<Room> requireOwnerOrAdmin(Caller caller, Room room) {
        if (caller.user().equals(room.streamer()) || caller.has(Caller.ADMIN) || caller.has(Caller.SYSTEM)) {
            return Mono.just(room);
        }
        return Mono.error(ProblemException.forbidden("only the room's streamer or an admin may close it"));
    }

    private static Mono<Room> requireBannable(Room room, String user) {
        if (user.equals(room.streamer())) {
            return Mono.error(ProblemException.badRequest("the room's streamer cannot be banned from it"));
        }
        return Mono.just(room);
    }

    private static Mono<Void> outcome(RoomRepository.Change change, String id) {
        return switch (change) {
            case DONE -> Mono.empty();
            case NO_ROOM -> Mono.error(ProblemException.roomNotFound(id));
            case CLOSED -> Mono.error(ProblemException.roomClosed(id));
        };
    }

    private static ProblemException taken(String id) {
        return new ProblemException(ErrorCode.CONFLICT, HttpStatus.CONFLICT, "room id " + id + " is taken");
    }

    private static String newId() {
        char[] id = new char[10];
        for (int i = 0; i < id.length; i++) {
            id[i] = ID_ALPHABET[RANDOM.nextInt(ID_ALPHABET.length)];
        }
        return new String(id);
    }
}
