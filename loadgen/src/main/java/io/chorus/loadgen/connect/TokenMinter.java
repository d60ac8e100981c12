package io.chorus.loadgen.connect;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.Date;
import java.util.List;

/**
 * Mints HS256 access tokens the way the dev setup verifies them: the shared secret's UTF-8 bytes as the
 * key, claims {@code sub}, {@code name}, {@code exp}, {@code iat} and {@code roles}.
 */
public final class TokenMinter {

    /** The documented dev secret (config-repo); {@code CHORUS_JWT_SECRET} or {@code --jwt-secret} override. */
    public static final String DEV_SECRET = "chorus-local-dev-secret-change-me-0123456789abcdef";

    private final MACSigner signer;
    private final Duration ttl;
    private final Clock clock;

    public TokenMinter(String secret, Duration ttl, Clock clock) {
        try {
            this.signer = new MACSigner(secret.getBytes(StandardCharsets.UTF_8));
        } catch (JOSEException ex) {
            throw new IllegalArgumentException("the JWT secret must be at least 32 bytes", ex);
        }
        this.ttl = ttl;
        this.clock = clock;
    }

    public TokenMinter(String secret, Duration ttl) {
        this(secret, ttl, Clock.systemUTC());
    }

    /** The secret from the option, else {@code CHORUS_JWT_SECRET}, else the dev secret. */
    public static String secret(String option) {
        if (option != null && !option.isBlank()) {
            return option;
        }
        String env = System.getenv("CHORUS_JWT_SECRET");
        return env == null || env.isBlank() ? DEV_SECRET : env;
    }

    /** A token for user {@code sub} named {@code name} with {@code roles}. */
    public String mint(String sub, String name, List<String> roles) {
        Date now = Date.from(clock.instant());
        JWTClaimsSet claims = new JWTClaimsSet.Builder()
                .subject(sub)
                .claim("name", name)
                .claim("roles", roles)
                .issueTime(now)
                .expirationTime(Date.from(clock.instant().plus(ttl)))
                .build();
        SignedJWT jwt = new SignedJWT(new JWSHeader(JWSAlgorithm.HS256), claims);
        try {
            jwt.sign(signer);
        } catch (JOSEException ex) {
            throw new IllegalStateException("token signing failed", ex);
        }
        return jwt.serialize();
    }

    /** A viewer without roles. */
    public String viewer(String sub) {
        return mint(sub, sub, List.of());
    }
}
