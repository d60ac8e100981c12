package io.chorus.gift.pull;

import io.chorus.gift.config.GiftProperties;
import io.chorus.gift.web.GiftProblem;
import io.chorus.protocol.GiftSequence;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.PositiveOrZero;
import java.util.List;
import org.springframework.security.core.annotation.AuthenticationPrincipal;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;
import reactor.core.publisher.Mono;

/**
 * The pull side of the gift streams: a room's gifts after a sequence number (what a client missed), the room's
 * latest number for {@code joined.giftSeq}, the caller's gift inbox and its acknowledged position.
 */
@RestController
class GiftPullController {

    private final GiftReadRepository gifts;
    private final GiftProperties.Pull settings;

    GiftPullController(GiftReadRepository gifts, GiftProperties properties) {
        this.gifts = gifts;
        this.settings = properties.pull();
    }

    /** The room's gifts with {@code seq > after}, oldest first; {@code lastSeq} is the next {@code after}. */
    @GetMapping("/api/rooms/{room}/gifts")
    Mono<RoomPage> roomGifts(
            @PathVariable String room,
            @RequestParam(defaultValue = "0") long after,
            @RequestParam(required = false) Integer limit) {
        return pageSize(after, limit).flatMap(pageSize -> roomPage(room, after, pageSize));
    }

    private Mono<RoomPage> roomPage(String room, long after, int pageSize) {
        return gifts.roomGifts(room, after, pageSize + 1).flatMap(page -> {
            boolean more = page.size() > pageSize;
            List<GiftReadRepository.RoomGift> shown = more ? page.subList(0, pageSize) : page;
            if (!shown.isEmpty()) {
                return Mono.just(new RoomPage(shown, shown.get(shown.size() - 1).seq(), more));
            }
            return gifts.roomLastSeq(room).map(last -> new RoomPage(List.of(), Math.min(after, last), false));
        });
    }

    /** Internal (connection-service at {@code join}): the room's latest gift sequence number, 0 if none. */
    @GetMapping("/internal/rooms/{room}/gift-seq")
    Mono<GiftSequence> giftSeq(@PathVariable String room) {
        return gifts.roomLastSeq(room).map(last -> new GiftSequence(room, last));
    }

    /** The caller's gift inbox (gifts to them, from any room) with {@code seq > after}, oldest first. */
    @GetMapping("/api/me/gifts")
    Mono<InboxPage> inbox(
            @AuthenticationPrincipal Jwt jwt,
            @RequestParam(defaultValue = "0") long after,
            @RequestParam(required = false) Integer limit) {
        String user = jwt.getSubject();
        return pageSize(after, limit).flatMap(pageSize -> inboxPage(user, after, pageSize));
    }

    private Mono<InboxPage> inboxPage(String user, long after, int pageSize) {
        return Mono.zip(gifts.inboxGifts(user, after, pageSize + 1), gifts.ackedSeq(user))
                .flatMap(pageAndCursor -> {
                    List<GiftReadRepository.InboxGift> page = pageAndCursor.getT1();
                    long acked = pageAndCursor.getT2();
                    boolean more = page.size() > pageSize;
                    List<GiftReadRepository.InboxGift> shown = more ? page.subList(0, pageSize) : page;
                    if (!shown.isEmpty()) {
                        return Mono.just(
                                new InboxPage(shown, shown.get(shown.size() - 1).seq(), more, acked));
                    }
                    return gifts.inboxLastSeq(user)
                            .map(last -> new InboxPage(List.of(), Math.min(after, last), false, acked));
                });
    }

    @GetMapping("/api/me/gifts/cursor")
    Mono<InboxCursor> cursor(@AuthenticationPrincipal Jwt jwt) {
        return gifts.ackedSeq(jwt.getSubject()).map(InboxCursor::new);
    }

    /** Acknowledges the inbox up to {@code seq}; the cursor never moves back. */
    @PutMapping("/api/me/gifts/cursor")
    Mono<InboxCursor> ack(@AuthenticationPrincipal Jwt jwt, @Valid @RequestBody CursorUpdate update) {
        String user = jwt.getSubject();
        return gifts.inboxLastSeq(user)
                .flatMap(last -> update.seq() > last
                        ? Mono.error(GiftProblem.badRequest(
                                "seq " + update.seq() + " is beyond the inbox (last " + last + ")"))
                        : gifts.advanceCursor(user, update.seq()))
                .map(InboxCursor::new);
    }

    private Mono<Integer> pageSize(long after, Integer limit) {
        if (after < 0) {
            return Mono.error(GiftProblem.badRequest("after must be >= 0"));
        }
        int size = limit == null ? settings.defaultLimit() : limit;
        if (size < 1 || size > settings.maxLimit()) {
            return Mono.error(GiftProblem.badRequest("limit must be between 1 and " + settings.maxLimit()));
        }
        return Mono.just(size);
    }

    /**
     * @param lastSeq the seq of the last gift in {@code gifts} (pass it as the next {@code after}); without gifts,
     *     {@code after} capped at the room's latest
     * @param hasMore whether more gifts follow right away
     */
    record RoomPage(List<GiftReadRepository.RoomGift> gifts, long lastSeq, boolean hasMore) {}

    record InboxPage(List<GiftReadRepository.InboxGift> gifts, long lastSeq, boolean hasMore, long ackedSeq) {}

    record InboxCursor(long ackedSeq) {}

    record CursorUpdate(@NotNull @PositiveOrZero Long seq) {}
}
