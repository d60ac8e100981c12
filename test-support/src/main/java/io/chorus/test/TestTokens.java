package io.chorus.test;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.List;

/**
 * HS256 access tokens shaped like the platform's ({@code sub}, {@code name}, {@code roles}, {@code exp}) for tests:
 * valid ones signed with {@link #SECRET} (configure the service under test with it as {@code chorus.jwt.secret}),
 * expired ones, and forgeries signed with another key.
 */
public final class TestTokens {

    /** The secret services under test verify with. */
    public static final String SECRET = "integration-test-secret-0123456789abcdef";

    private static final String OTHER_SECRET = "some-other-secret-0123456789abcdefgh";
    private static final Duration LIFETIME = Duration.ofHours(1);

    private TestTokens() {}

    /** A valid token for {@code user} with these roles; its {@code name} is {@code "Name of <user>"}. */
    public static String user(String user, String... roles) {
        return sign(
                SECRET, user, "Name of " + user, List.of(roles), Instant.now().plus(LIFETIME));
    }

    /** A token that expired five minutes ago. */
    public static String expired(String user) {
        return sign(SECRET, user, "Name of " + user, List.of(), Instant.now().minus(Duration.ofMinutes(5)));
    }

    /** A valid token that expires {@code in} from now. */
    public static String expiringIn(String user, Duration in) {
        return sign(SECRET, user, "Name of " + user, List.of(), Instant.now().plus(in));
    }

    /** Well-formed and unexpired, but signed with another key. */
    public static String forged(String user, String... roles) {
        return sign(
                OTHER_SECRET,
                user,
                "Name of " + user,
                List.of(roles),
                Instant.now().plus(LIFETIME));
    }

    /** The {@code Authorization} header value for a token. */
    public static String bearer(String token) {
        return "Bearer " + token;
    }

    /** Any token: the secret, subject, display name ({@code null}: no claim), roles and expiry given. */
    public static String sign(String secret, String user, String name, List<String> roles, Instant expiresAt) {
        JWTClaimsSet.Builder claims =
                new JWTClaimsSet.Builder().subject(user).claim("roles", roles).expirationTime(Date.from(expiresAt));
        if (name != null) {
            claims.claim("name", name);
        }
        SignedJWT jwt = new SignedJWT(new JWSHeader(JWSAlgorithm.HS256), claims.build());
        try {
            jwt.sign(new MACSigner(secret.getBytes(StandardCharsets.UTF_8)));
        } catch (JOSEException e) {
            throw new IllegalStateException("test token not signed: " + e.getMessage(), e);
        }
        return jwt.serialize();
    }
}
