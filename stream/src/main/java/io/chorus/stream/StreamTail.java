package io.chorus.stream;

/**
 * The end of one key's stream as the store has it: the last sequence number and the id of the event stored
 * there ({@code null} for an empty stream). Recovered from the store at the start of every batch, never
 * trusted from memory across batches.
 */
public record StreamTail(String key, long seq, String lastEventId) {

    public static StreamTail empty(String key) {
        return new StreamTail(key, 0, null);
    }

    /** The tail after an append at {@code appendedSeq}. */
    public StreamTail advancedTo(long appendedSeq, String eventId) {
        return appendedSeq > seq ? new StreamTail(key, appendedSeq, eventId) : this;
    }
}
