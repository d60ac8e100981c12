package io.chorus.client;

/**
 * Told when gifts of a room are missing: a pushed gift skipped sequence numbers, or a rejoin reported a
 * newer {@code giftSeq} than the last gift seen. The application pulls {@code GET
 * /api/rooms/{room}/gifts?after={afterSeq}} and reads up to {@code upToSeq}.
 *
 * <p>Called on a network thread: hand the pull off, never block.
 */
@FunctionalInterface
public interface GiftGapListener {

    /**
     * @param room the room id
     * @param afterSeq the last gift seen; the gap starts right after it
     * @param upToSeq the last missing gift (inclusive)
     */
    void onGap(String room, long afterSeq, long upToSeq);
}
