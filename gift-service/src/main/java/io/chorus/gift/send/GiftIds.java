package io.chorus.gift.send;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.UUID;

/**
 * Hashes and ids of a send. The gift id is derived from (sender, idempotency key, body): a retry that finds
 * no idempotency record (expired, or Redis lost it) produces the same gift id again, and the sequencer, which
 * is idempotent on the gift id, keeps one gift.
 */
final class GiftIds {

    private GiftIds() {}

    /** Hash of the client's idempotency key (keys are arbitrary text; Redis keys stay short and safe). */
    static String keyHash(String idempotencyKey) {
        return sha256(idempotencyKey);
    }

    /** Hash of what the send asks for: a retry must ask for exactly the same to get the same answer. */
    static String bodyHash(String room, String gift, long amount, String to) {
        return sha256(room + '\n' + gift + '\n' + amount + '\n' + (to == null ? "" : to));
    }

    /** The gift id of a send: the same for the same sender, key and body. */
    static String giftId(String user, String keyHash, String bodyHash) {
        byte[] name = ("gift\n" + user + '\n' + keyHash + '\n' + bodyHash).getBytes(StandardCharsets.UTF_8);
        return UUID.nameUUIDFromBytes(name).toString();
    }

    private static String sha256(String text) {
        try {
            MessageDigest digest = MessageDigest.getInstance("SHA-256");
            return HexFormat.of().formatHex(digest.digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing", e);
        }
    }
}
