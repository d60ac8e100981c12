package io.chorus.client;

import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import org.jspecify.annotations.Nullable;

/**
 * The last sequence number seen per key (a room's gifts, a conversation's notifications) of a dense
 * sequence (1, 2, 3, ...), and what a new number means: next in order, a gap, or a duplicate.
 */
final class SequenceTracker {

    private final ConcurrentMap<String, Long> last = new ConcurrentHashMap<>();

    /**
     * A pushed item with sequence {@code seq}. An unknown key takes {@code seq} as its baseline: nothing
     * before it is reported missing.
     */
    SeqOutcome onItem(String key, long seq) {
        SeqOutcome[] outcome = {SeqOutcome.IN_ORDER};
        last.compute(key, (k, previous) -> {
            if (previous == null) {
                return seq;
            }
            if (seq <= previous) {
                outcome[0] = SeqOutcome.DUPLICATE;
                return previous;
            }
            if (seq > previous + 1) {
                outcome[0] = SeqOutcome.gap(previous, seq - 1);
            }
            return seq;
        });
        return outcome[0];
    }

    /**
     * The latest sequence the server reports for {@code key} (a {@code joined.giftSeq}). Missing items are
     * those after the last seen up to {@code head}; an unknown key takes {@code head} as its baseline.
     */
    SeqOutcome onHead(String key, long head) {
        SeqOutcome[] outcome = {SeqOutcome.IN_ORDER};
        last.compute(key, (k, previous) -> {
            if (previous == null) {
                return head;
            }
            if (head > previous) {
                outcome[0] = SeqOutcome.gap(previous, head);
                return head;
            }
            return previous;
        });
        return outcome[0];
    }

    /** Sets the baseline, e.g. from what the application already stored. */
    void seed(String key, long seq) {
        last.put(key, seq);
    }

    void forget(String key) {
        last.remove(key);
    }

    @Nullable
    Long last(String key) {
        return last.get(key);
    }

    /**
     * What a sequence number meant.
     *
     * @param kind in order, gap or duplicate
     * @param afterSeq for a gap: the last seen before it
     * @param upToSeq for a gap: the last missing (inclusive)
     */
    record SeqOutcome(Kind kind, long afterSeq, long upToSeq) {

        static final SeqOutcome IN_ORDER = new SeqOutcome(Kind.IN_ORDER, 0, 0);
        static final SeqOutcome DUPLICATE = new SeqOutcome(Kind.DUPLICATE, 0, 0);

        static SeqOutcome gap(long afterSeq, long upToSeq) {
            return new SeqOutcome(Kind.GAP, afterSeq, upToSeq);
        }

        enum Kind {
            IN_ORDER,
            GAP,
            DUPLICATE
        }
    }
}
