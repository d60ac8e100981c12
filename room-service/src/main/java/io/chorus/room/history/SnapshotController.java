package io.chorus.room.history;

import io.chorus.protocol.RoomSnapshot;
import io.chorus.room.web.ProblemException;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RestController;
import reactor.core.publisher.Mono;

/** {@code GET /internal/rooms/{room}/snapshot}: state and recent history for a joiner; 404 {@code room_not_found}. */
@RestController
class SnapshotController {

    private final RecentHistory history;

    SnapshotController(RecentHistory history) {
        this.history = history;
    }

    @GetMapping("/internal/rooms/{room}/snapshot")
    Mono<RoomSnapshot> snapshot(@PathVariable String room) {
        return history.snapshot(room).switchIfEmpty(Mono.error(() -> ProblemException.roomNotFound(room)));
    }
}
