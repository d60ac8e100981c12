package io.chorus.service.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.PlainJWT;
import io.chorus.test.TestIdentityProvider;
import io.chorus.test.TestTokens;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Nested;
import org.junit.jupiter.api.Test;
import org.springframework.security.oauth2.jwt.Jwt;
import org.springframework.security.oauth2.jwt.JwtDecoder;
import org.springframework.security.oauth2.jwt.JwtException;

class ServiceJwtDecoderTests {

    static final TestIdentityProvider PROVIDER = TestIdentityProvider.start();

    @AfterAll
    static void stop() {
        PROVIDER.close();
    }

    @Nested
    class WithThePlatformSecretOnly {

        final ServiceJwtDecoder decoder = ServiceJwtDecoder.of(new JwtProperties(TestTokens.SECRET, null));

        @Test
        void aUserTokenSignedWithTheSecretIsAccepted() {
            Jwt jwt = decode(decoder, TestTokens.user("alice", "viewer"));

            assertThat(jwt.getSubject()).isEqualTo("alice");
            assertThat(jwt.getClaimAsStringList("roles")).containsExactly("viewer");
        }

        @Test
        void expiredForgedAndUnsignedTokensAreRefused() {
            assertThatThrownBy(() -> decode(decoder, TestTokens.expired("alice")))
                    .isInstanceOf(JwtException.class);
            assertThatThrownBy(() -> decode(decoder, TestTokens.forged("alice")))
                    .isInstanceOf(JwtException.class);
            String unsigned = new PlainJWT(claims("alice", List.of("admin"), Duration.ofMinutes(5))).serialize();
            assertThatThrownBy(() -> decode(decoder, unsigned)).isInstanceOf(JwtException.class);
            assertThatThrownBy(() -> decode(decoder, "not-a-token")).isInstanceOf(JwtException.class);
        }

        @Test
        void aProviderTokenIsRefusedWhenNoJwksIsConfigured() {
            assertThatThrownBy(() -> decode(decoder, PROVIDER.token("alice", "viewer")))
                    .isInstanceOf(JwtException.class);
        }
    }

    @Nested
    class WithTheProvidersJwks {

        final ServiceJwtDecoder decoder =
                ServiceJwtDecoder.of(new JwtProperties(TestTokens.SECRET, PROVIDER.jwksUri()));

        @Test
        void aUserTokenFromTheProviderIsAccepted() {
            Jwt jwt = decode(decoder, PROVIDER.token("alice", "streamer"));

            assertThat(jwt.getSubject()).isEqualTo("alice");
            assertThat(TokenRoles.authorities(jwt)).extracting(Object::toString).containsExactly("ROLE_streamer");
        }

        @Test
        void aServiceTokenSignedWithThePlatformSecretIsAccepted() {
            String token = new ServiceTokens(TestTokens.SECRET, "gift-service", "gift-1", Clock.systemUTC()).token();

            Jwt jwt = decode(decoder, token);

            assertThat(jwt.getSubject()).isEqualTo("gift-service/gift-1");
            assertThat(jwt.getClaimAsStringList("roles")).containsExactly(ServiceTokens.SERVICE_ROLE);
        }

        @Test
        void aUserTokenSignedWithThePlatformSecretIsRefused() {
            assertThatThrownBy(() -> decode(decoder, TestTokens.user("mallory", "admin")))
                    .isInstanceOf(JwtException.class)
                    .hasMessageContaining("RS256");
        }

        @Test
        void anotherKeyAnExpiredTokenAndAMissingSubjectAreRefused() {
            assertThatThrownBy(() -> decode(decoder, PROVIDER.stranger("alice", "viewer")))
                    .isInstanceOf(JwtException.class);
            assertThatThrownBy(() -> decode(decoder, PROVIDER.expired("alice"))).isInstanceOf(JwtException.class);
            assertThatThrownBy(() -> decode(decoder, PROVIDER.token(" ", "viewer")))
                    .isInstanceOf(JwtException.class);
        }
    }

    @Nested
    class BlockingWithTheProvidersJwks {

        final JwtDecoder decoder = ServiceJwtDecoder.blocking(new JwtProperties(TestTokens.SECRET, PROVIDER.jwksUri()));

        @Test
        void followsTheSameRules() {
            assertThat(decoder.decode(PROVIDER.token("alice", "viewer")).getSubject())
                    .isEqualTo("alice");
            String service = new ServiceTokens(TestTokens.SECRET, "room-service", "r1", Clock.systemUTC()).token();
            assertThat(decoder.decode(service).getSubject()).isEqualTo("room-service/r1");
            assertThatThrownBy(() -> decoder.decode(TestTokens.user("mallory", "admin")))
                    .isInstanceOf(JwtException.class);
            assertThatThrownBy(() -> decoder.decode(PROVIDER.stranger("mallory")))
                    .isInstanceOf(JwtException.class);
            assertThatThrownBy(() -> decoder.decode("not-a-token")).isInstanceOf(JwtException.class);
        }
    }

    @Nested
    class BlockingWithThePlatformSecretOnly {

        final JwtDecoder decoder = ServiceJwtDecoder.blocking(new JwtProperties(TestTokens.SECRET, null));

        @Test
        void followsTheSameRules() {
            assertThat(decoder.decode(TestTokens.user("alice")).getSubject()).isEqualTo("alice");
            assertThatThrownBy(() -> decoder.decode(TestTokens.expired("alice")))
                    .isInstanceOf(JwtException.class);
            assertThatThrownBy(() -> decoder.decode(PROVIDER.token("alice"))).isInstanceOf(JwtException.class);
        }
    }

    private static Jwt decode(ServiceJwtDecoder decoder, String token) {
        return decoder.decode(token).block(Duration.ofSeconds(10));
    }

    private static JWTClaimsSet claims(String subject, List<String> roles, Duration validFor) {
        Instant now = Instant.now();
        return new JWTClaimsSet.Builder()
                .subject(subject)
                .claim("roles", roles)
                .issueTime(Date.from(now.minusSeconds(600)))
                .expirationTime(Date.from(now.plus(validFor)))
                .build();
    }
}
