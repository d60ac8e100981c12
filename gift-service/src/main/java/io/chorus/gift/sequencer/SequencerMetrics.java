package io.chorus.gift.sequencer;

/** Meter names of the gift sequencer (no room or user tags: unbounded cardinality). */
final class SequencerMetrics {

    /** Gifts stored at a new sequence number. */
    static final String SEQUENCED = "chat.gift.sequenced";

    /** Gifts Kafka delivered again that kept their number. */
    static final String REDELIVERED = "chat.gift.redelivered";

    /** Gift frames published to room channels. */
    static final String PUSHED = "chat.gift.pushed";

    /** Redelivered gifts found already pushed. */
    static final String PUSH_SKIPPED = "chat.gift.push.skipped";

    /** From acceptance (the 201) to the push on the room channel. */
    static final String LAG = "chat.gift.push.lag";

    /** Batches that failed and will be retried. */
    static final String BATCH_FAILED = "chat.gift.sequencer.batch.failures";

    /** Records on the topic that could not be decoded (skipped). */
    static final String UNDECODABLE = "chat.gift.sequencer.undecodable";

    /** Recipient notifications that could not be published. */
    static final String NOTIFY_FAILED = "chat.gift.notify.failures";

    private SequencerMetrics() {}
}
