package io.chorus.gateway.support;

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

/** HS256 access tokens signed with the test secret (or another one, to forge). */
public final class TestTokens {

    public static final String SECRET = "gateway-test-secret-0123456789abcdef-xyz";

    private TestTokens() {}

    public static String user(String user, String... roles) {
        return sign(SECRET, user, List.of(roles), Instant.now().plusSeconds(600));
    }

    public static String expired(String user) {
        return sign(SECRET, user, List.of(), Instant.now().minusSeconds(600));
    }

    public static String forged(String user) {
        return sign(
                "another-secret-that-is-long-enough-0123456789",
                user,
                List.of(),
                Instant.now().plusSeconds(600));
    }

    private static String sign(String secret, String subject, List<String> roles, Instant expiresAt) {
        try {
            var claims = new JWTClaimsSet.Builder()
                    .subject(subject)
                    .claim("roles", roles)
                    .expirationTime(Date.from(expiresAt))
                    .build();
            var jwt = new SignedJWT(new JWSHeader(JWSAlgorithm.HS256), claims);
            jwt.sign(new MACSigner(secret.getBytes(StandardCharsets.UTF_8)));
            return jwt.serialize();
        } catch (JOSEException e) {
            throw new IllegalStateException(e);
        }
    }
}
