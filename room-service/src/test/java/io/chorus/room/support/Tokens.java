package io.chorus.room.support;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Date;
import java.util.List;

/** HS256 access tokens like the platform's, for tests. */
public final class Tokens {

    public static final String SECRET = "integration-test-secret-0123456789abcdef";

    private Tokens() {}

    public static String mint(String user, String... roles) {
        return sign(SECRET, user, Instant.now().plusSeconds(600), roles);
    }

    public static String expired(String user) {
        return sign(SECRET, user, Instant.now().minusSeconds(60));
    }

    public static String forged(String user) {
        return sign(
                "some-other-secret-0123456789abcdef-xyz", user, Instant.now().plusSeconds(600));
    }

    public static String bearer(String token) {
        return "Bearer " + token;
    }

    private static String sign(String secret, String user, Instant expiry, String... roles) {
        JWTClaimsSet claims = new JWTClaimsSet.Builder()
                .subject(user)
                .claim("name", "Name of " + user)
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
