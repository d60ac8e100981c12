package io.chorus.room.chat;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.Base64;

/**
 * Client message ids (a {@code chat} frame's {@code id}, the REST {@code Idempotency-Key}) and the text
 * fingerprint that tells a retry (same text) from another message under the same id.
 */
final class ClientMessageIds {

    /** The contract's longest request id. */
    static final int MAX_LENGTH = 64;

    private ClientMessageIds() {}

    /** 1 to 64 visible ASCII characters (no spaces or control characters). */
    static boolean valid(String id) {
        if (id.isEmpty() || id.length() > MAX_LENGTH) {
            return false;
        }
        for (int i = 0; i < id.length(); i++) {
            char c = id.charAt(i);
            if (c < 0x21 || c > 0x7e) {
                return false;
            }
        }
        return true;
    }

    /** 96 bits of the text's SHA-256, base64url: equal texts, equal fingerprints. */
    static String fingerprint(String text) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
            return Base64.getUrlEncoder().withoutPadding().encodeToString(Arrays.copyOf(digest, 12));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JDK", e);
        }
    }
}
