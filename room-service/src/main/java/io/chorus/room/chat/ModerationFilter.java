package io.chorus.room.chat;

import io.chorus.room.config.RoomProperties;
import java.text.Normalizer;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.springframework.stereotype.Component;

/**
 * The synchronous moderation filter, in the send path: configured words (whole words, ignoring case and
 * compatibility forms such as full-width letters) and regular expressions. A hit refuses the message with
 * {@code moderated}; nothing is published.
 */
@Component
public class ModerationFilter {

    private final Pattern words;
    private final List<Pattern> patterns;

    public ModerationFilter(RoomProperties properties) {
        this.words = wordsPattern(properties.moderation().blockedWords());
        this.patterns = properties.moderation().blockedPatterns().stream()
                .map(Pattern::compile)
                .toList();
    }

    /** {@code true} when the text may be published. */
    public boolean allows(String text) {
        String normalized = Normalizer.normalize(text, Normalizer.Form.NFKC).toLowerCase(Locale.ROOT);
        if (words != null && words.matcher(normalized).find()) {
            return false;
        }
        for (Pattern pattern : patterns) {
            if (pattern.matcher(text).find() || pattern.matcher(normalized).find()) {
                return false;
            }
        }
        return true;
    }

    private static Pattern wordsPattern(List<String> blocked) {
        List<String> words = blocked.stream()
                .map(String::strip)
                .filter(word -> !word.isEmpty())
                .map(word -> Normalizer.normalize(word, Normalizer.Form.NFKC).toLowerCase(Locale.ROOT))
                .toList();
        if (words.isEmpty()) {
            return null;
        }
        String alternatives = words.stream().map(Pattern::quote).collect(Collectors.joining("|"));
        return Pattern.compile("(?<![\\p{L}\\p{N}])(?:" + alternatives + ")(?![\\p{L}\\p{N}])");
    }
}
