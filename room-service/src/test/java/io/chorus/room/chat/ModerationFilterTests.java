package io.chorus.room.chat;

import static org.assertj.core.api.Assertions.assertThat;

import io.chorus.room.config.TestProperties;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ModerationFilterTests {

    private final ModerationFilter filter = new ModerationFilter(TestProperties.of(Map.of(
            "chorus.room.moderation.blocked-words[0]", "badword",
            "chorus.room.moderation.blocked-words[1]", "two words",
            "chorus.room.moderation.blocked-patterns[0]", "(?i)free\\s+v-?bucks",
            "chorus.room.moderation.blocked-patterns[1]", "\\b\\d{3}-\\d{3}-\\d{4}\\b")));

    @Test
    void allowsOrdinaryText() {
        assertThat(filter.allows("what a great play")).isTrue();
    }

    @Test
    void refusesBlockedWordsAsWholeWordsIgnoringCase() {
        assertThat(filter.allows("you BadWord!")).isFalse();
        assertThat(filter.allows("badword")).isFalse();
        assertThat(filter.allows("say two words now")).isFalse();
    }

    @Test
    void doesNotRefuseWordsThatMerelyContainABlockedWord() {
        assertThat(filter.allows("notbadwordy")).isTrue();
    }

    @Test
    void seesThroughFullWidthLetters() {
        assertThat(filter.allows("ｂａｄｗｏｒｄ")).isFalse();
    }

    @Test
    void refusesPatterns() {
        assertThat(filter.allows("get FREE  vbucks here")).isFalse();
        assertThat(filter.allows("call 555-123-4567")).isFalse();
        assertThat(filter.allows("call me maybe")).isTrue();
    }

    @Test
    void withoutConfigurationEverythingPasses() {
        assertThat(new ModerationFilter(TestProperties.defaults()).allows("badword"))
                .isTrue();
    }
}
