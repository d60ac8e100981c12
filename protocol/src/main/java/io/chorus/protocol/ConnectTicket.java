package io.chorus.protocol;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * The connect ticket contract between the gateway, which issues tickets at {@code GET /api/connect}, and
 * connection-service, which takes them at {@code /ws?ticket=} (docs/protocol.md, Connecting): an HS256 JWT signed
 * with a key derived from the platform secret, naming {@link #AUDIENCE}, carrying the access token's expiry as
 * {@link #SESSION_EXPIRY}.
 */
public final class ConnectTicket {

    /** The only audience of a ticket; connection-service refuses a ticket without it. */
    public static final String AUDIENCE = "chorus-connection";

    /** The message the ticket key is derived with (HMAC-SHA256 keyed with the platform secret). */
    public static final String KEY_LABEL = "chorus connect ticket v1";

    /** The access token's expiry (epoch seconds): the socket opened with the ticket is closed with 4001 then. */
    public static final String SESSION_EXPIRY = "session_exp";

    private ConnectTicket() {}

    /** The ticket signing key: HMAC-SHA256 of {@value #KEY_LABEL} keyed with the platform secret (32 bytes). */
    public static byte[] key(String secret) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            return mac.doFinal(KEY_LABEL.getBytes(StandardCharsets.UTF_8));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 unavailable", e);
        }
    }
}
