package io.chorus.service.security;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jwt.JWTParser;
import java.nio.charset.StandardCharsets;
import java.text.ParseException;
import java.time.Instant;
import java.util.List;
import java.util.Objects;
import javax.crypto.spec.SecretKeySpec;
import org.springframework.security.oauth2.core.DelegatingOAuth2TokenValidator;
import org.springframework.security.oauth2.jose.jws.MacAlgorithm;
import org.springframework.security.oauth2.jose.jws.SignatureAlgorithm;
import org.springframework.security.oauth2.jwt.BadJwtException;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.jwt.JwtClaimValidator;
import org.springframework.security.oauth2.jwt.JwtDecoder;
import org.springframework.security.oauth2.jwt.JwtValidators;
import org.springframework.security.oauth2.jwt.NimbusJwtDecoder;
import org.springframework.security.oauth2.jwt.NimbusReactiveJwtDecoder;
import org.springframework.security.oauth2.jwt.ReactiveJwtDecoder;
import reactor.core.publisher.Mono;

/**
 * Checks a bearer token the way every Chorus service does (defence in depth behind the gateway): signature, expiry
 * ({@code exp} required), a subject, and the algorithm the configuration allows.
 *
 * <ul>
 *   <li>Without a JWKS: HS256 with the platform secret, for users and services alike.
 *   <li>With a JWKS ({@code chorus.jwt.jwk-set-uri}): RS256 tokens against the identity provider's keys; an HS256
 *       token is accepted only when it is a service token (role {@value ServiceTokens#SERVICE_ROLE}), so a user can
 *       never present a token minted with the internal secret in place of the provider's.
 * </ul>
 */
public final class ServiceJwtDecoder implements ReactiveJwtDecoder {

    private final ReactiveJwtDecoder secretDecoder;
    private final ReactiveJwtDecoder jwksDecoder;

    private ServiceJwtDecoder(ReactiveJwtDecoder secretDecoder, ReactiveJwtDecoder jwksDecoder) {
        this.secretDecoder = secretDecoder;
        this.jwksDecoder = jwksDecoder;
    }

    public static ServiceJwtDecoder of(JwtProperties properties) {
        var key = new SecretKeySpec(properties.secret().getBytes(StandardCharsets.UTF_8), "HmacSHA256");
        NimbusReactiveJwtDecoder secret = NimbusReactiveJwtDecoder.withSecretKey(key)
                .macAlgorithm(MacAlgorithm.HS256)
                .build();
        secret.setJwtValidator(validator());
        if (!properties.usesJwks()) {
            return new ServiceJwtDecoder(secret, null);
        }
        NimbusReactiveJwtDecoder jwks = NimbusReactiveJwtDecoder.withJwkSetUri(
                        properties.jwkSetUri().toString())
                .jwsAlgorithm(SignatureAlgorithm.RS256)
                .build();
        jwks.setJwtValidator(validator());
        return new ServiceJwtDecoder(secret, jwks);
    }

    /**
     * The same rules as a blocking {@link JwtDecoder}, for a path that checks a token on an event loop without
     * Reactor (connection-service's WebSocket upgrade). HS256 is checked in memory; with a JWKS the provider's keys
     * are fetched on the first RS256 token and then cached (refreshed at most every five minutes, or when a token
     * names an unknown key), so only those fetches wait on the network.
     */
    public static JwtDecoder blocking(JwtProperties properties) {
        var key = new SecretKeySpec(properties.secret().getBytes(StandardCharsets.UTF_8), "HmacSHA256");
        NimbusJwtDecoder secret = NimbusJwtDecoder.withSecretKey(key)
                .macAlgorithm(MacAlgorithm.HS256)
                .build();
        secret.setJwtValidator(validator());
        if (!properties.usesJwks()) {
            return secret;
        }
        NimbusJwtDecoder jwks = NimbusJwtDecoder.withJwkSetUri(
                        properties.jwkSetUri().toString())
                .jwsAlgorithm(SignatureAlgorithm.RS256)
                .build();
        jwks.setJwtValidator(validator());
        return token -> {
            if (!JWSAlgorithm.HS256.equals(algorithm(token))) {
                return jwks.decode(token);
            }
            Jwt jwt = secret.decode(token);
            if (!isServiceToken(jwt)) {
                throw new BadJwtException("users' tokens must be RS256 from the identity provider");
            }
            return jwt;
        };
    }

    private static JWSAlgorithm algorithm(String token) {
        try {
            return JWTParser.parse(token).getHeader().getAlgorithm() instanceof JWSAlgorithm jws ? jws : null;
        } catch (ParseException e) {
            throw new BadJwtException("malformed token: " + e.getMessage(), e);
        }
    }

    @Override
    public Mono<Jwt> decode(String token) {
        if (jwksDecoder == null) {
            return secretDecoder.decode(token);
        }
        JWSAlgorithm algorithm;
        try {
            algorithm = algorithm(token);
        } catch (BadJwtException e) {
            return Mono.error(e);
        }
        if (JWSAlgorithm.HS256.equals(algorithm)) {
            return secretDecoder
                    .decode(token)
                    .flatMap(jwt -> isServiceToken(jwt)
                            ? Mono.just(jwt)
                            : Mono.error(
                                    new BadJwtException("users' tokens must be RS256 from the identity provider")));
        }
        return jwksDecoder.decode(token);
    }

    private static boolean isServiceToken(Jwt jwt) {
        List<String> roles = jwt.getClaimAsStringList("roles");
        return roles != null && roles.contains(ServiceTokens.SERVICE_ROLE);
    }

    private static DelegatingOAuth2TokenValidator<Jwt> validator() {
        return new DelegatingOAuth2TokenValidator<>(
                JwtValidators.createDefault(),
                new JwtClaimValidator<Instant>("exp", Objects::nonNull),
                new JwtClaimValidator<String>("sub", sub -> sub != null && !sub.isBlank()));
    }
}
