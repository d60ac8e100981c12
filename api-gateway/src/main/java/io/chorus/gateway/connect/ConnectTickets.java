package io.chorus.gateway.connect;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import io.chorus.protocol.ConnectTicket;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Date;
import java.util.List;
import java.util.UUID;
import org.springframework.security.oauth2.jwt.Jwt;

/**
 * Connect tickets: short-lived HS256 JWTs that authorise one thing, a WebSocket upgrade at a connection-service
 * instance's {@code /ws?ticket=}.
 *
 * <p>A ticket is signed with a key derived from the platform secret, {@code HMAC-SHA256(key = CHORUS_JWT_SECRET,
 * message = "chorus connect ticket v1")}, never with the secret itself: no service accepts a ticket as an access
 * token (its signature does not verify with the secret), and connection-service accepts only tickets at
 * {@code ?ticket=}. No new secret has to be configured. Claims: {@code aud: chorus-connection}, {@code sub},
 * {@code name}, {@code roles} (copied from the access token), {@code iat}, {@code jti}, {@code exp} (now plus
 * {@code chorus.gateway.connect.ticket-ttl}, 30 s, never after the access token's own expiry) and
 * {@code session_exp} (the access token's expiry: the socket is closed with 4001 then, as with an access token).
 * A ticket may be used more than once within its lifetime, like the token it stands for.
 */
public final class ConnectTickets {

    private final MACSigner signer;
    private final Duration ttl;
    private final Clock clock;

    ConnectTickets(String secret, Duration ttl, Clock clock) {
        try {
            this.signer = new MACSigner(ConnectTicket.key(secret));
        } catch (JOSEException e) {
            throw new IllegalStateException("cannot sign connect tickets", e);
        }
        this.ttl = ttl;
        this.clock = clock;
    }

    /** A signed ticket for the holder of {@code token}. */
    Ticket issue(Jwt token) {
        Instant now = clock.instant();
        Instant sessionEnd = token.getExpiresAt();
        Instant expiresAt = now.plus(ttl).truncatedTo(ChronoUnit.SECONDS);
        if (sessionEnd != null && sessionEnd.isBefore(expiresAt)) {
            expiresAt = sessionEnd;
        }
        List<String> roles = token.getClaimAsStringList("roles");
        var claims = new JWTClaimsSet.Builder()
                .subject(token.getSubject())
                .audience(ConnectTicket.AUDIENCE)
                .jwtID(UUID.randomUUID().toString())
                .issueTime(Date.from(now))
                .expirationTime(Date.from(expiresAt))
                .claim("roles", roles == null ? List.of() : roles);
        String name = token.getClaimAsString("name");
        if (name != null) {
            claims.claim("name", name);
        }
        if (sessionEnd != null) {
            claims.claim(ConnectTicket.SESSION_EXPIRY, sessionEnd.getEpochSecond());
        }
        var jwt = new SignedJWT(new JWSHeader(JWSAlgorithm.HS256), claims.build());
        try {
            jwt.sign(signer);
        } catch (JOSEException e) {
            throw new IllegalStateException("cannot sign a connect ticket", e);
        }
        return new Ticket(jwt.serialize(), expiresAt);
    }

    /** A serialized ticket and when it stops opening sockets. */
    record Ticket(String value, Instant expiresAt) {}
}
