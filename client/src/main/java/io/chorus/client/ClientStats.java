package io.chorus.client;

/**
 * Counters of one {@link ChorusClient}, a snapshot.
 *
 * @param framesReceived text frames received over all sessions
 * @param duplicatesDropped gifts and notifications dropped because their {@code seq} was already seen
 * @param giftGaps gaps reported to the {@link GiftGapListener}
 * @param notifyGaps gaps reported to the {@link NotifyGapListener}
 * @param reconnects sessions opened after the first one
 */
public record ClientStats(
        long framesReceived, long duplicatesDropped, long giftGaps, long notifyGaps, long reconnects) {}
