package io.chorus.client;

import static org.assertj.core.api.Assertions.assertThat;

import io.chorus.client.SequenceTracker.SeqOutcome;
import org.junit.jupiter.api.Test;

class SequenceTrackerTests {

    private final SequenceTracker tracker = new SequenceTracker();

    @Test
    void theFirstItemOfAKeyIsItsBaseline() {
        assertThat(tracker.onItem("r", 17)).isEqualTo(SeqOutcome.IN_ORDER);
        assertThat(tracker.last("r")).isEqualTo(17);
    }

    @Test
    void nextItemIsInOrder() {
        tracker.seed("r", 4);

        assertThat(tracker.onItem("r", 5)).isEqualTo(SeqOutcome.IN_ORDER);
        assertThat(tracker.last("r")).isEqualTo(5);
    }

    @Test
    void skippedItemsAreAGapEndingBeforeTheNewItem() {
        tracker.seed("r", 4);

        assertThat(tracker.onItem("r", 8)).isEqualTo(SeqOutcome.gap(4, 7));
        assertThat(tracker.last("r")).isEqualTo(8);
    }

    @Test
    void repeatedOrOlderItemsAreDuplicatesAndKeepTheLast() {
        tracker.seed("r", 4);

        assertThat(tracker.onItem("r", 4)).isEqualTo(SeqOutcome.DUPLICATE);
        assertThat(tracker.onItem("r", 2)).isEqualTo(SeqOutcome.DUPLICATE);
        assertThat(tracker.last("r")).isEqualTo(4);
    }

    @Test
    void aNewerHeadIsAGapUpToTheHead() {
        tracker.seed("r", 4);

        assertThat(tracker.onHead("r", 9)).isEqualTo(SeqOutcome.gap(4, 9));
        assertThat(tracker.last("r")).isEqualTo(9);
        assertThat(tracker.onHead("r", 9)).isEqualTo(SeqOutcome.IN_ORDER);
        assertThat(tracker.onHead("r", 3)).isEqualTo(SeqOutcome.IN_ORDER);
        assertThat(tracker.last("r")).isEqualTo(9);
    }

    @Test
    void forgottenKeysStartOverAndKeysAreIndependent() {
        tracker.seed("r", 4);
        tracker.seed("s", 1);

        tracker.forget("r");

        assertThat(tracker.onHead("r", 20)).isEqualTo(SeqOutcome.IN_ORDER);
        assertThat(tracker.onItem("s", 3)).isEqualTo(SeqOutcome.gap(1, 2));
    }
}
