package io.chorus.gateway.devtoken;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import io.chorus.gateway.config.GatewayProperties;
import io.chorus.gateway.config.JwtProperties;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.UUID;
import java.util.regex.Pattern;
import org.apache.commons.logging.Log;
import org.apache.commons.logging.LogFactory;
import org.springframework.context.annotation.Profile;
import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.server.ResponseStatusException;
import reactor.core.publisher.Mono;

/**
 * {@code POST /api/dev/token} {user, name, roles} -> {token, expiresAt}: HS256 tokens for the demo and load
 * tests. Exists in the {@code local} profile only; every other profile has no such bean, so the path is
 * unknown there.
 */
@RestController
@Profile("local")
class DevTokenController {

    private static final Log log = LogFactory.getLog(DevTokenController.class);
    private static final Pattern USER = Pattern.compile("[A-Za-z0-9_.:@-]{1,64}");
    private static final Pattern ROLE = Pattern.compile("[a-z][a-z_]{0,31}");
    private static final int MAX_ROLES = 8;
    private static final int MAX_NAME = 64;

    private final MACSigner signer;
    private final Duration ttl;
    private final Clock clock = Clock.systemUTC();

    DevTokenController(JwtProperties jwt, GatewayProperties gateway) {
        if (!jwt.hasSecret()) {
            throw new IllegalStateException("the local dev token endpoint needs chorus.jwt.secret (HS256)");
        }
        try {
            this.signer = new MACSigner(jwt.secret().getBytes(StandardCharsets.UTF_8));
        } catch (JOSEException e) {
            throw new IllegalStateException("chorus.jwt.secret cannot sign HS256 tokens", e);
        }
        this.ttl = gateway.devToken().ttl();
        log.warn("development token endpoint enabled: path=/api/dev/token profile=local");
    }

    @PostMapping("/api/dev/token")
    Mono<DevToken> token(@RequestBody DevTokenRequest request) {
        String problem = problemWith(request);
        if (problem != null) {
            return Mono.error(new ResponseStatusException(HttpStatus.BAD_REQUEST, problem));
        }
        return Mono.fromCallable(() -> sign(request));
    }

    private DevToken sign(DevTokenRequest request) throws JOSEException {
        Instant now = clock.instant();
        Instant expiresAt = now.plus(ttl);
        var claims = new JWTClaimsSet.Builder()
                .subject(request.user())
                .jwtID(UUID.randomUUID().toString())
                .issueTime(Date.from(now))
                .expirationTime(Date.from(expiresAt))
                .claim("roles", request.roles() == null ? List.of() : request.roles());
        if (request.name() != null) {
            claims.claim("name", request.name());
        }
        var jwt = new SignedJWT(new JWSHeader(JWSAlgorithm.HS256), claims.build());
        jwt.sign(signer);
        return new DevToken(jwt.serialize(), expiresAt);
    }

    private static String problemWith(DevTokenRequest request) {
        if (request == null
                || request.user() == null
                || !USER.matcher(request.user()).matches()) {
            return "user must be 1 to 64 characters of letters, digits and _.:@-";
        }
        if (request.name() != null
                && (request.name().isBlank() || request.name().length() > MAX_NAME)) {
            return "name must be 1 to " + MAX_NAME + " characters";
        }
        if (request.roles() != null
                && (request.roles().size() > MAX_ROLES
                        || !request.roles().stream()
                                .allMatch(role ->
                                        role != null && ROLE.matcher(role).matches()))) {
            return "roles must be at most " + MAX_ROLES + " lower-case names";
        }
        return null;
    }

    /** The request body: who the token is for. */
    record DevTokenRequest(String user, String name, List<String> roles) {}

    /** The answer: a signed token and when it expires. */
    record DevToken(String token, Instant expiresAt) {}
}
