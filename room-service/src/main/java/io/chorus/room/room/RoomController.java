package io.chorus.room.room;

import io.chorus.room.web.Caller;
import io.chorus.room.web.ProblemException;
import jakarta.validation.Valid;
import java.net.URI;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PatchMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/** The rooms REST API (through the gateway): lifecycle, settings, bans, retractions. */
@RestController
@RequestMapping("/api/rooms")
class RoomController {

    private final RoomService rooms;

    RoomController(RoomService rooms) {
        this.rooms = rooms;
    }

    @PostMapping
    Mono<ResponseEntity<Room>> create(
            @AuthenticationPrincipal Jwt jwt,
            @Valid @RequestBody(required = false) Mono<RoomRequests.CreateRoom> body) {
        return body.defaultIfEmpty(new RoomRequests.CreateRoom(null, null))
                .flatMap(request -> rooms.create(Caller.of(jwt), request))
                .map(room -> ResponseEntity.created(URI.create("/api/rooms/" + room.id()))
                        .body(room));
    }

    @GetMapping("/{id}")
    Mono<Room> get(@PathVariable String id, @RequestHeader(HttpHeaders.AUTHORIZATION) String authorization) {
        return validId(id).flatMap(room -> rooms.get(room, authorization));
    }

    @PatchMapping("/{id}")
    Mono<Room> update(
            @AuthenticationPrincipal Jwt jwt,
            @PathVariable String id,
            @Valid @RequestBody Mono<RoomRequests.UpdateSettings> body) {
        return validId(id).flatMap(room -> body.flatMap(update -> rooms.updateSettings(Caller.of(jwt), room, update)));
    }

    @DeleteMapping("/{id}")
    @ResponseStatus(HttpStatus.NO_CONTENT)
    Mono<Void> close(@AuthenticationPrincipal Jwt jwt, @PathVariable String id) {
        return validId(id).flatMap(room -> rooms.close(Caller.of(jwt), room));
    }

    @GetMapping("/{id}/bans")
    Flux<RoomRequests.Ban> bans(@AuthenticationPrincipal Jwt jwt, @PathVariable String id) {
        return validId(id).flatMapMany(room -> rooms.bans(Caller.of(jwt), room));
    }

    @PostMapping("/{id}/bans/{user}")
    Mono<RoomRequests.Ban> ban(
            @AuthenticationPrincipal Jwt jwt,
            @PathVariable String id,
            @PathVariable String user,
            @Valid @RequestBody(required = false) Mono<RoomRequests.BanUser> body) {
        return validId(id).flatMap(room -> body.defaultIfEmpty(new RoomRequests.BanUser(null))
                .flatMap(request -> rooms.ban(Caller.of(jwt), room, user, request)));
    }

    @DeleteMapping("/{id}/bans/{user}")
    @ResponseStatus(HttpStatus.NO_CONTENT)
    Mono<Void> unban(@AuthenticationPrincipal Jwt jwt, @PathVariable String id, @PathVariable String user) {
        return validId(id).flatMap(room -> rooms.unban(Caller.of(jwt), room, user));
    }

    @DeleteMapping("/{id}/messages/{msgId}")
    @ResponseStatus(HttpStatus.NO_CONTENT)
    Mono<Void> retract(@AuthenticationPrincipal Jwt jwt, @PathVariable String id, @PathVariable String msgId) {
        return validId(id).flatMap(room -> rooms.retract(Caller.of(jwt), room, msgId));
    }

    /** An id that cannot name a room (braces or colons would break Redis keys) is a room that does not exist. */
    static Mono<String> validId(String id) {
        if (!id.matches(RoomRequests.ID_PATTERN)) {
            return Mono.error(ProblemException.roomNotFound(id));
        }
        return Mono.just(id);
    }
}
