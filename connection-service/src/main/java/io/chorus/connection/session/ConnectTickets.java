package io.chorus.connection.session;

import io.chorus.protocol.ConnectTicket;
import io.chorus.service.security.JwtProperties;
import java.time.Duration;
import java.util.List;
import javax.crypto.spec.SecretKeySpec;
import org.springframework.security.oauth2.core.DelegatingOAuth2TokenValidator;
import org.springframework.security.oauth2.jose.jws.MacAlgorithm;
import org.springframework.security.oauth2.jwt.JwtClaimValidator;
import org.springframework.security.oauth2.jwt.JwtDecoder;
import org.springframework.security.oauth2.jwt.JwtTimestampValidator;
import org.springframework.security.oauth2.jwt.NimbusJwtDecoder;

/**
 * Connect tickets, as api-gateway's {@code GET /api/connect} issues them ("route, then connect", docs/protocol.md):
 * HS256 JWTs signed with a key derived from the platform secret, {@code HMAC-SHA256(key = CHORUS_JWT_SECRET,
 * message = "chorus connect ticket v1")}, with {@code aud: chorus-connection} and a short {@code exp}. A ticket
 * opens a WebSocket at {@code /ws?ticket=} and nothing else: its signature does not verify with the secret
 * itself, so no service takes it for an access token, and {@code /ws} takes no access token for a ticket.
 */
public final class ConnectTickets {

    /** Clock difference tolerated between the gateway that issued a ticket and this instance. */
    static final Duration CLOCK_SKEW = Duration.ofSeconds(5);

    private ConnectTickets() {}

    /**
     * Verifies tickets: signature with the derived key, {@code exp} and {@code nbf} within {@link #CLOCK_SKEW},
     * {@code exp}, {@code sub} and {@code aud: chorus-connection} present.
     */
    public static JwtDecoder decoder(JwtProperties jwt) {
        var key = new SecretKeySpec(ConnectTicket.key(jwt.secret()), "HmacSHA256");
        NimbusJwtDecoder decoder = NimbusJwtDecoder.withSecretKey(key)
                .macAlgorithm(MacAlgorithm.HS256)
                .build();
        decoder.setJwtValidator(new DelegatingOAuth2TokenValidator<>(
                new JwtTimestampValidator(CLOCK_SKEW),
                new JwtClaimValidator<Object>("exp", exp -> exp != null),
                new JwtClaimValidator<String>("sub", sub -> sub != null && !sub.isBlank()),
                new JwtClaimValidator<List<String>>(
                        "aud", aud -> aud != null && aud.contains(ConnectTicket.AUDIENCE))));
        return decoder;
    }
}
