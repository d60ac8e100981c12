package io.chorus.client;

import io.chorus.protocol.ServerFrame;
import java.util.Set;
import java.util.function.Consumer;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Where a decoded server frame goes: a reply completes its request; a gift or notification passes the gap
 * detector (duplicates stop there); {@code room.closed} ends the room's membership; every pushed frame
 * reaches the application.
 */
final class FrameRouter {

    private static final Logger log = LoggerFactory.getLogger(FrameRouter.class);

    private final Requests requests;
    private final GapDetector gaps;
    private final Set<String> rooms;
    private final Consumer<ServerFrame> pushed;

    FrameRouter(Requests requests, GapDetector gaps, Set<String> rooms, Consumer<ServerFrame> pushed) {
        this.requests = requests;
        this.gaps = gaps;
        this.rooms = rooms;
        this.pushed = pushed;
    }

    void route(ServerFrame frame) {
        String replyId = replyId(frame);
        if (replyId != null) {
            if (!requests.complete(replyId, frame)) {
                log.debug(
                        "Reply without a waiting request: id={} type={}",
                        replyId,
                        frame.getClass().getSimpleName());
            }
            return;
        }
        if (frame instanceof ServerFrame.Gift gift && !gaps.onGift(gift)) {
            return;
        }
        if (frame instanceof ServerFrame.Notify notify && !gaps.onNotify(notify)) {
            return;
        }
        if (frame instanceof ServerFrame.RoomClosed closed) {
            rooms.remove(closed.room());
            gaps.forgetRoom(closed.room());
        }
        pushed.accept(frame);
    }

    /** The id of a direct reply; an {@code error} without id is a pushed warning, not a reply. */
    private static @Nullable String replyId(ServerFrame frame) {
        if (frame instanceof ServerFrame.Joined joined) {
            return joined.id();
        }
        if (frame instanceof ServerFrame.Left left) {
            return left.id();
        }
        if (frame instanceof ServerFrame.Ack ack) {
            return ack.id();
        }
        if (frame instanceof ServerFrame.Pong pong) {
            return pong.id();
        }
        if (frame instanceof ServerFrame.Error error) {
            return error.id();
        }
        return null;
    }
}
