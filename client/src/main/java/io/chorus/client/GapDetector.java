package io.chorus.client;

import io.chorus.client.SequenceTracker.SeqOutcome;
import io.chorus.protocol.ServerFrame;
import java.util.concurrent.atomic.AtomicLong;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Watches the dense sequences of gifts (per room) and notifications (per conversation): reports gaps to
 * the listeners and tells the client to drop duplicates.
 */
final class GapDetector {

    private static final Logger log = LoggerFactory.getLogger(GapDetector.class);

    private final SequenceTracker gifts = new SequenceTracker();
    private final SequenceTracker notifications = new SequenceTracker();
    private final @Nullable GiftGapListener giftGapListener;
    private final @Nullable NotifyGapListener notifyGapListener;
    private final AtomicLong duplicates = new AtomicLong();
    private final AtomicLong giftGaps = new AtomicLong();
    private final AtomicLong notifyGaps = new AtomicLong();

    GapDetector(@Nullable GiftGapListener giftGapListener, @Nullable NotifyGapListener notifyGapListener) {
        this.giftGapListener = giftGapListener;
        this.notifyGapListener = notifyGapListener;
    }

    /** A room was joined or rejoined: its {@code giftSeq} may reveal gifts missed while away. */
    void onJoined(ServerFrame.Joined joined) {
        if (joined.giftSeq() == null || joined.room() == null) {
            return;
        }
        SeqOutcome outcome = gifts.onHead(joined.room(), joined.giftSeq());
        if (outcome.kind() == SeqOutcome.Kind.GAP) {
            reportGiftGap(joined.room(), outcome);
        }
    }

    /** @return {@code false} when the gift is a duplicate and must be dropped */
    boolean onGift(ServerFrame.Gift gift) {
        SeqOutcome outcome = gifts.onItem(gift.room(), gift.seq());
        return switch (outcome.kind()) {
            case IN_ORDER -> true;
            case GAP -> {
                reportGiftGap(gift.room(), outcome);
                yield true;
            }
            case DUPLICATE -> {
                duplicates.incrementAndGet();
                yield false;
            }
        };
    }

    /** @return {@code false} when the notification is a duplicate and must be dropped */
    boolean onNotify(ServerFrame.Notify notify) {
        SeqOutcome outcome = notifications.onItem(notify.conv(), notify.seq());
        return switch (outcome.kind()) {
            case IN_ORDER -> true;
            case GAP -> {
                notifyGaps.incrementAndGet();
                log.debug(
                        "Notification gap: conv={} after={} upTo={}",
                        notify.conv(),
                        outcome.afterSeq(),
                        outcome.upToSeq());
                if (notifyGapListener != null) {
                    notifyGapListener.onGap(notify.conv(), outcome.afterSeq(), outcome.upToSeq());
                }
                yield true;
            }
            case DUPLICATE -> {
                duplicates.incrementAndGet();
                yield false;
            }
        };
    }

    /** The room was left or closed: a later join starts from its {@code giftSeq} again. */
    void forgetRoom(String room) {
        gifts.forget(room);
    }

    void seedConversation(String conv, long seq) {
        notifications.seed(conv, seq);
    }

    @Nullable
    Long lastGiftSeq(String room) {
        return gifts.last(room);
    }

    long duplicates() {
        return duplicates.get();
    }

    long giftGaps() {
        return giftGaps.get();
    }

    long notifyGaps() {
        return notifyGaps.get();
    }

    private void reportGiftGap(String room, SeqOutcome gap) {
        giftGaps.incrementAndGet();
        log.debug("Gift gap: room={} after={} upTo={}", room, gap.afterSeq(), gap.upToSeq());
        if (giftGapListener != null) {
            giftGapListener.onGap(room, gap.afterSeq(), gap.upToSeq());
        }
    }
}
