package io.chorus.room.chat;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.chorus.protocol.ErrorCode;
import io.chorus.room.config.TestProperties;
import io.chorus.room.web.ProblemException;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class ChatTextTests {

    private final ChatText text = new ChatText(TestProperties.of(Map.of("chorus.room.chat.max-length", "10")));

    @Test
    void acceptsOrdinaryTextAndStripsSurroundingWhitespace() {
        assertThat(text.validate("  hello 👋 ")).isEqualTo("hello 👋");
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "   ", "\t\n"})
    void refusesEmptyText(String empty) {
        assertThatThrownBy(() -> text.validate(empty)).isInstanceOfSatisfying(ProblemException.class, problem -> {
            assertThat(problem.code()).isEqualTo(ErrorCode.BAD_REQUEST);
            assertThat(problem.getMessage()).isEqualTo("text is empty");
        });
    }

    @Test
    void refusesNullText() {
        assertThatThrownBy(() -> text.validate(null)).hasMessage("text is empty");
    }

    @Test
    void countsCharactersNotUtf16Units() {
        assertThat(text.validate("👋".repeat(10))).hasSize(20);
        assertThatThrownBy(() -> text.validate("👋".repeat(11))).hasMessage("text longer than 10 characters");
    }

    @ParameterizedTest
    @ValueSource(strings = {"a\u0000b", "a\u0007b", "a\nb", "a\u009Bb", "a\u202Eb", "a\u2066b", "a\uD800b"})
    void refusesControlCharactersBidiOverridesAndBrokenSurrogates(String bad) {
        assertThatThrownBy(() -> text.validate(bad))
                .isInstanceOfSatisfying(ProblemException.class, problem -> assertThat(problem.code())
                        .isEqualTo(ErrorCode.BAD_REQUEST))
                .hasMessageStartingWith("text contains a control character");
    }

    @Test
    void keepsEmojiSequencesWithJoiners() {
        assertThat(text.validate("👨‍👩‍👧")).isEqualTo("👨‍👩‍👧");
    }

    @ParameterizedTest
    @ValueSource(strings = {":wave:", "Kappa", "👋 🎉", "Kappa :pog: 👍🏽", "❤️", "👨‍👩‍👧"})
    void emotesOnly(String emotes) {
        assertThat(text.isEmoteOnly(emotes)).isTrue();
    }

    @ParameterizedTest
    @ValueSource(strings = {"hello", "Kappa hi", ":wave", "👋!", "kappa"})
    void notEmotesOnly(String words) {
        assertThat(text.isEmoteOnly(words)).isFalse();
    }
}
