package io.chorus.loadgen.connect;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.crypto.MACVerifier;
import com.nimbusds.jwt.SignedJWT;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import org.junit.jupiter.api.Test;

class TokenMinterTests {

    private static final Instant NOW = Instant.parse("2026-01-01T00:00:00Z");

    @Test
    void mintsAnHs256TokenTheDevSecretVerifies() throws Exception {
        TokenMinter minter =
                new TokenMinter(TokenMinter.DEV_SECRET, Duration.ofHours(2), Clock.fixed(NOW, ZoneOffset.UTC));

        SignedJWT jwt = SignedJWT.parse(minter.mint("u42", "Ann", List.of("streamer")));

        assertThat(jwt.getHeader().getAlgorithm()).isEqualTo(JWSAlgorithm.HS256);
        assertThat(jwt.verify(new MACVerifier(TokenMinter.DEV_SECRET.getBytes(StandardCharsets.UTF_8))))
                .isTrue();
        assertThat(jwt.getJWTClaimsSet().getSubject()).isEqualTo("u42");
        assertThat(jwt.getJWTClaimsSet().getStringClaim("name")).isEqualTo("Ann");
        assertThat(jwt.getJWTClaimsSet().getStringListClaim("roles")).containsExactly("streamer");
        assertThat(jwt.getJWTClaimsSet().getExpirationTime().toInstant()).isEqualTo(NOW.plus(Duration.ofHours(2)));
    }

    @Test
    void aViewerHasNoRolesAndAnotherSecretDoesNotVerify() throws Exception {
        SignedJWT jwt = SignedJWT.parse(new TokenMinter(TokenMinter.DEV_SECRET, Duration.ofMinutes(5)).viewer("v1"));

        assertThat(jwt.getJWTClaimsSet().getStringListClaim("roles")).isEmpty();
        assertThat(jwt.verify(new MACVerifier("another-secret-that-is-long-enough-0123456789")))
                .isFalse();
    }

    @Test
    void aShortSecretIsRefused() {
        assertThatThrownBy(() -> new TokenMinter("short", Duration.ofMinutes(1)))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void theOptionWinsOverTheDefault() {
        assertThat(TokenMinter.secret("from-the-command-line-0123456789abcdef"))
                .isEqualTo("from-the-command-line-0123456789abcdef");
        assertThat(TokenMinter.secret(null)).isNotBlank();
    }
}
