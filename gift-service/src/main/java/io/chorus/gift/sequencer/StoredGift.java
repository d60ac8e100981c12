package io.chorus.gift.sequencer;

import io.chorus.protocol.GiftSent;
import io.chorus.protocol.ServerFrame;

/**
 * A gift as stored: the event, its dense room sequence number, and its position in the recipient's inbox
 * ({@code null} when the gift has no recipient).
 */
public record StoredGift(GiftSent event, long seq, Long inboxSeq) {

    /** The client frame pushed to the room channel. */
    public ServerFrame.Gift frame() {
        return new ServerFrame.Gift(
                event.room(),
                seq,
                event.giftId(),
                event.from(),
                event.fromName(),
                event.to(),
                event.gift(),
                event.amount(),
                event.ts());
    }
}
