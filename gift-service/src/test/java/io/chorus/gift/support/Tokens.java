package io.chorus.gift.support;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Date;
import java.util.List;

/** HS256 access tokens for tests, signed with the test secret. */
public final class Tokens {

    public static final String SECRET = "integration-test-secret-0123456789abcdef";

    private Tokens() {}

    public static String user(String id, String... roles) {
        try {
            var claims = new JWTClaimsSet.Builder()
                    .subject(id)
                    .claim("name", "Name of " + id)
                    .claim("roles", List.of(roles))
                    .expirationTime(Date.from(Instant.now().plusSeconds(3600)))
                    .build();
            var jwt = new SignedJWT(new JWSHeader(JWSAlgorithm.HS256), claims);
            jwt.sign(new MACSigner(SECRET.getBytes(StandardCharsets.UTF_8)));
            return jwt.serialize();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
