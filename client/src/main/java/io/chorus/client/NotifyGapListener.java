package io.chorus.client;

/**
 * Told when {@code notify} frames of a conversation skipped sequence numbers. Each {@code notify} already
 * tells the application to pull up to its {@code seq}; this hook says that notifications were lost in
 * between, which matters to an application that pulls lazily.
 *
 * <p>Called on a network thread: hand the pull off, never block.
 */
@FunctionalInterface
public interface NotifyGapListener {

    /**
     * @param conv the conversation id
     * @param afterSeq the last sequence notified before the gap
     * @param upToSeq the last sequence not notified (inclusive)
     */
    void onGap(String conv, long afterSeq, long upToSeq);
}
