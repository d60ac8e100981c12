package io.chorus.infra.kafka;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class TopicSpecTests {

    @Test
    void listsChorusTopicsFromTheClasspath() {
        assertThat(TopicSpec.fromClasspath())
                .containsExactly(
                        new TopicSpec("gifts", 12),
                        new TopicSpec("group-messages", 12),
                        new TopicSpec("inbox-fanout", 12));
    }

    @Test
    void skipsCommentsAndBlankLines() {
        assertThat(TopicSpec.parse("# comment\n\n  a 3  \nb\t1\n"))
                .containsExactly(new TopicSpec("a", 3), new TopicSpec("b", 1));
    }

    @Test
    void rejectsMalformedLines() {
        assertThatThrownBy(() -> TopicSpec.parse("gifts twelve"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("line 1");
        assertThatThrownBy(() -> TopicSpec.parse("gifts 0")).isInstanceOf(IllegalArgumentException.class);
    }
}
