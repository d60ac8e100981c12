package io.chorus.protocol;

/** Kafka topic names. Producers use acks=all and idempotence; consumers commit after the store write. */
public final class Topics {

    /** Accepted gifts, keyed by room id: the partition owner is the room's gift sequencer. */
    public static final String GIFTS = "gifts";

    /** Accepted group messages, keyed by group id: the partition owner is the group's sequencer. */
    public static final String GROUP_MESSAGES = "group-messages";

    /** Group fan-out into per-user inboxes, keyed by user id (one writer per inbox). */
    public static final String INBOX_FANOUT = "inbox-fanout";

    private Topics() {}
}
