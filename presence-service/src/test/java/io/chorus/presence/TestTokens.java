package io.chorus.presence;

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

/** HS256 access tokens signed with the test secret. */
final class TestTokens {

    static final String SECRET = "presence-test-secret-0123456789abcdef";

    private TestTokens() {}

    static String user(String user, String... roles) {
        return sign(user, List.of(roles));
    }

    static String service() {
        return sign("connection-service", List.of("service"));
    }

    private static String sign(String subject, List<String> roles) {
        try {
            var claims = new JWTClaimsSet.Builder()
                    .subject(subject)
                    .claim("roles", roles)
                    .expirationTime(Date.from(Instant.now().plusSeconds(600)))
                    .build();
            var jwt = new SignedJWT(new JWSHeader(JWSAlgorithm.HS256), claims);
            jwt.sign(new MACSigner(SECRET.getBytes(StandardCharsets.UTF_8)));
            return jwt.serialize();
        } catch (JOSEException e) {
            throw new IllegalStateException(e);
        }
    }
}
