package io.chorus.service.security;

import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Size;
import java.net.URI;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.validation.annotation.Validated;

/**
 * How a service checks tokens ({@code chorus.jwt}).
 *
 * <p>{@code secret} (HS256, at least 32 bytes, from {@code CHORUS_JWT_SECRET}) is always needed: service instances
 * sign the tokens they present to each other with it. Users' tokens are HS256 with the same secret too, unless
 * {@code jwk-set-uri} is set: then users' tokens must be RS256 and verify against that JWKS (the identity provider's
 * keys, as at the gateway), and an HS256 token is accepted only as a service token. The secret never appears in logs
 * or actuator output: {@link #toString()} masks it.
 *
 * @param secret the HS256 secret shared by the platform's services
 * @param jwkSetUri the identity provider's JWKS for users' RS256 tokens; empty for HS256 users' tokens
 */
@Validated
@ConfigurationProperties("chorus.jwt")
public record JwtProperties(@NotBlank @Size(min = 32) String secret, URI jwkSetUri) {

    /** True when users' tokens are RS256 and checked against the JWKS. */
    public boolean usesJwks() {
        return jwkSetUri != null && !jwkSetUri.toString().isBlank();
    }

    @Override
    public String toString() {
        return "JwtProperties[secret=" + (secret == null || secret.isBlank() ? "none" : "******") + ", jwkSetUri="
                + jwkSetUri + "]";
    }
}
