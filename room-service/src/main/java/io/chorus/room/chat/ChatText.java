package io.chorus.room.chat;

import io.chorus.room.config.RoomProperties;
import io.chorus.room.web.ProblemException;
import java.util.Set;
import java.util.regex.Pattern;
import org.springframework.stereotype.Component;

/**
 * What a chat text may be: not empty, at most {@code chorus.room.chat.max-length} characters, no control
 * characters (nor the bidirectional overrides that reorder what others see, nor broken surrogates); and
 * whether it consists of emotes only.
 */
@Component
public class ChatText {

    private static final Pattern WHITESPACE = Pattern.compile("\\s+");

    private final int maxLength;
    private final Pattern emote;
    private final Set<String> namedEmotes;

    public ChatText(RoomProperties properties) {
        this.maxLength = properties.chat().maxLength();
        this.emote = Pattern.compile(properties.chat().emotePattern());
        this.namedEmotes = Set.copyOf(properties.chat().emotes());
    }

    /** The text without surrounding whitespace, or a {@code bad_request} problem saying what is wrong. */
    public String validate(String text) {
        if (text == null || text.isBlank()) {
            throw ProblemException.badRequest("text is empty");
        }
        String stripped = text.strip();
        if (stripped.codePointCount(0, stripped.length()) > maxLength) {
            throw ProblemException.badRequest("text longer than " + maxLength + " characters");
        }
        for (int i = 0; i < stripped.length(); ) {
            int cp = stripped.codePointAt(i);
            if (isForbidden(cp)) {
                throw ProblemException.badRequest(
                        "text contains a control character (U+" + String.format("%04X", cp) + ")");
            }
            i += Character.charCount(cp);
        }
        return stripped;
    }

    /** Every whitespace-separated token is an emote: {@code :name:}, a named emote, or emoji only. */
    public boolean isEmoteOnly(String text) {
        for (String token : WHITESPACE.split(text.strip())) {
            if (!token.isEmpty() && !isEmote(token)) {
                return false;
            }
        }
        return true;
    }

    private boolean isEmote(String token) {
        return namedEmotes.contains(token) || emote.matcher(token).matches() || isEmojiOnly(token);
    }

    private static boolean isEmojiOnly(String token) {
        boolean symbol = false;
        for (int i = 0; i < token.length(); ) {
            int cp = token.codePointAt(i);
            int type = Character.getType(cp);
            if (type == Character.OTHER_SYMBOL || type == Character.MODIFIER_SYMBOL) {
                symbol = true;
            } else if (cp != 0x200D && cp != 0xFE0F && cp != 0x20E3) {
                return false;
            }
            i += Character.charCount(cp);
        }
        return symbol;
    }

    private static boolean isForbidden(int cp) {
        return Character.isISOControl(cp)
                || (cp >= 0x202A && cp <= 0x202E)
                || (cp >= 0x2066 && cp <= 0x2069)
                || Character.getType(cp) == Character.SURROGATE;
    }
}
