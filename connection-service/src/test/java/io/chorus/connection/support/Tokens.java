package io.chorus.connection.support;

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

/** Mints HS256 tokens like the platform's: {@code sub}, {@code exp}, {@code name}, {@code roles}. */
public final class Tokens {

    /** The secret the test instances verify with. */
    public static final String SECRET = "integration-test-secret-0123456789abcdef";

    private Tokens() {}

    public static String valid(String user, String... roles) {
        return sign(user, Instant.now().plus(Duration.ofHours(1)), SECRET, roles);
    }

    public static String expired(String user) {
        return sign(user, Instant.now().minus(Duration.ofMinutes(5)), SECRET);
    }

    public static String expiringIn(String user, Duration in) {
        return sign(user, Instant.now().plus(in), SECRET);
    }

    /** Signed with another key: a forgery. */
    public static String forged(String user) {
        return sign(user, Instant.now().plus(Duration.ofHours(1)), "some-other-secret-0123456789abcdefgh", "admin");
    }

    private static String sign(String user, Instant expiry, String secret, String... roles) {
        JWTClaimsSet claims = new JWTClaimsSet.Builder()
                .subject(user)
                .claim("name", "User " + user)
                .claim("roles", List.of(roles))
                .expirationTime(Date.from(expiry))
                .build();
        SignedJWT jwt = new SignedJWT(new JWSHeader(JWSAlgorithm.HS256), claims);
        try {
            jwt.sign(new MACSigner(secret.getBytes(StandardCharsets.UTF_8)));
        } catch (JOSEException e) {
            throw new IllegalStateException(e);
        }
        return jwt.serialize();
    }
}
