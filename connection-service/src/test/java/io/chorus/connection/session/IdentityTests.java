package io.chorus.connection.session;

import static org.assertj.core.api.Assertions.assertThat;

import io.chorus.protocol.ConnectTicket;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.springframework.security.oauth2.jwt.Jwt;

class IdentityTests {

    @Test
    void aTicketsSocketLivesUntilTheAccessTokenExpiresNotTheTicket() {
        Instant now = Instant.now();
        Jwt ticket = Jwt.withTokenValue("t")
                .header("alg", "HS256")
                .subject("u1")
                .claim("roles", List.of("moderator"))
                .expiresAt(now.plusSeconds(30))
                .claim(ConnectTicket.SESSION_EXPIRY, now.plusSeconds(3600).getEpochSecond())
                .build();
        Identity identity = Identity.ofTicket(ticket);
        assertThat(identity.user()).isEqualTo("u1");
        assertThat(identity.name()).isEqualTo("u1");
        assertThat(identity.roles()).containsExactly("moderator");
        assertThat(identity.expiresAt())
                .isEqualTo(Instant.ofEpochSecond(now.plusSeconds(3600).getEpochSecond()));
    }

    @Test
    void withoutASessionExpiryTheTicketsOwnExpiryCounts() {
        Instant exp = Instant.now().plusSeconds(30);
        Jwt ticket = Jwt.withTokenValue("t")
                .header("alg", "HS256")
                .subject("u2")
                .expiresAt(exp)
                .build();
        assertThat(Identity.ofTicket(ticket).expiresAt()).isEqualTo(exp);
    }
}
