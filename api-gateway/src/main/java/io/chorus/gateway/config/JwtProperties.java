package io.chorus.gateway.config;

import jakarta.validation.constraints.AssertTrue;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.validation.annotation.Validated;

/**
 * How tokens are verified: RS256 against a JWKS when {@code jwk-set-uri} is set, otherwise HS256 with a
 * shared secret (from {@code CHORUS_JWT_SECRET}). The secret is never logged or exposed: {@link #toString()}
 * masks it.
 *
 * @param secret the HS256 signing secret, at least 32 bytes
 * @param jwkSetUri a JWKS endpoint for RS256 tokens
 */
@Validated
@ConfigurationProperties("chorus.jwt")
public record JwtProperties(String secret, URI jwkSetUri) {

    /** True when tokens are RS256 and checked against the JWKS. */
    public boolean usesJwks() {
        return jwkSetUri != null && !jwkSetUri.toString().isBlank();
    }

    /** True when an HS256 secret is configured. */
    public boolean hasSecret() {
        return secret != null && !secret.isBlank();
    }

    @AssertTrue(message = "set chorus.jwt.secret (HS256, at least 32 bytes) or chorus.jwt.jwk-set-uri (RS256)")
    public boolean isVerifiable() {
        return usesJwks() || (hasSecret() && secret.getBytes(StandardCharsets.UTF_8).length >= 32);
    }

    @Override
    public String toString() {
        return "JwtProperties[secret=" + (hasSecret() ? "******" : "none") + ", jwkSetUri=" + jwkSetUri + "]";
    }
}
