package io.chorus.service.security;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import org.springframework.web.reactive.function.client.ClientRequest;
import org.springframework.web.reactive.function.client.ExchangeFilterFunction;

/**
 * The token a service instance presents on other services' internal APIs: HS256 with the platform's shared
 * secret, {@code sub} = {@code <service>/<instance>}, role {@code service} (which lets it speak for the users
 * named in a request body). Minted once per ten minutes and reused until shortly before it expires.
 */
public final class ServiceTokens {

    /** The role of a service token: it may act for the users a request names. */
    public static final String SERVICE_ROLE = "service";

    private static final Duration TTL = Duration.ofMinutes(10);
    private static final Duration RENEW_BEFORE = Duration.ofMinutes(1);

    private record Token(String value, Instant expiresAt) {}

    private final byte[] secret;
    private final String subject;
    private final Clock clock;
    private volatile Token current;

    public ServiceTokens(String secret, String service, String instanceId, Clock clock) {
        this.secret = secret.getBytes(StandardCharsets.UTF_8);
        this.subject = service + "/" + instanceId;
        this.clock = clock;
    }

    /** A valid token, minted anew when the cached one is about to expire. */
    public String token() {
        Token token = current;
        Instant now = clock.instant();
        if (token == null || token.expiresAt().minus(RENEW_BEFORE).isBefore(now)) {
            token = mint(now);
            current = token;
        }
        return token.value();
    }

    /** Adds {@code Authorization: Bearer <service token>} to every request of a WebClient. */
    public ExchangeFilterFunction filter() {
        return ExchangeFilterFunction.ofRequestProcessor(
                request -> reactor.core.publisher.Mono.just(ClientRequest.from(request)
                        .headers(headers -> headers.setBearerAuth(token()))
                        .build()));
    }

    private Token mint(Instant now) {
        Instant expiresAt = now.plus(TTL);
        JWTClaimsSet claims = new JWTClaimsSet.Builder()
                .subject(subject)
                .claim("name", subject)
                .claim("roles", List.of(SERVICE_ROLE))
                .issueTime(Date.from(now))
                .expirationTime(Date.from(expiresAt))
                .build();
        SignedJWT jwt = new SignedJWT(new JWSHeader(JWSAlgorithm.HS256), claims);
        try {
            jwt.sign(new MACSigner(secret));
        } catch (JOSEException e) {
            throw new IllegalStateException("service token not signed: " + e.getMessage(), e);
        }
        return new Token(jwt.serialize(), expiresAt);
    }
}
