package io.chorus.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import com.nimbusds.jose.crypto.MACVerifier;
import com.nimbusds.jwt.SignedJWT;
import io.chorus.test.TestTokens;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.Test;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.web.reactive.socket.client.ReactorNettyWebSocketClient;
import reactor.core.publisher.Mono;

/**
 * {@code GET /api/connect}: a connection-service instance (round robin over both) and a ticket signed with the
 * derived ticket key (computed here from the documented rule, independently of the gateway's code), which the
 * gateway itself never takes for an access token.
 */
class ConnectIntegrationTests extends GatewayTestBase {

    /** docs/protocol.md: HMAC-SHA256(key = the platform secret, message = "chorus connect ticket v1"). */
    static byte[] ticketKey(String secret) throws Exception {
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
        return mac.doFinal("chorus connect ticket v1".getBytes(StandardCharsets.UTF_8));
    }

    @SuppressWarnings("unchecked")
    Map<String, Object> connect(String token) {
        return gateway()
                .get()
                .uri("/api/connect")
                .headers(h -> h.setBearerAuth(token))
                .exchange()
                .expectStatus()
                .isOk()
                .expectHeader()
                .contentTypeCompatibleWith(MediaType.APPLICATION_JSON)
                .expectHeader()
                .valueEquals(HttpHeaders.CACHE_CONTROL, "no-store")
                .expectBody(Map.class)
                .returnResult()
                .getResponseBody();
    }

    @Test
    void answersAnInstanceAndATicketForIt() throws Exception {
        Instant tokenExpiry =
                Instant.now().plus(Duration.ofMinutes(20)).truncatedTo(java.time.temporal.ChronoUnit.SECONDS);
        String token =
                TestTokens.sign(TestTokens.SECRET, "ticket-holder", "Ticket Holder", List.of("moderator"), tokenExpiry);

        Map<String, Object> answer = connect(token);

        assertThat(answer).containsOnlyKeys("url", "ticket", "expiresAt");
        assertThat((String) answer.get("url"))
                .isIn(
                        CONNECTION_A.uri().replace("http://", "ws://") + "/ws",
                        CONNECTION_B.uri().replace("http://", "ws://") + "/ws");
        SignedJWT ticket = SignedJWT.parse((String) answer.get("ticket"));
        assertThat(ticket.verify(new MACVerifier(ticketKey(TestTokens.SECRET)))).isTrue();
        assertThat(ticket.verify(new MACVerifier(TestTokens.SECRET.getBytes(StandardCharsets.UTF_8))))
                .as("a ticket is not signed with the access-token secret")
                .isFalse();
        var claims = ticket.getJWTClaimsSet();
        assertThat(claims.getSubject()).isEqualTo("ticket-holder");
        assertThat(claims.getAudience()).containsExactly("chorus-connection");
        assertThat(claims.getStringListClaim("roles")).containsExactly("moderator");
        assertThat(claims.getStringClaim("name")).isEqualTo("Ticket Holder");
        assertThat(claims.getLongClaim("session_exp")).isEqualTo(tokenExpiry.getEpochSecond());
        Instant expiresAt = claims.getExpirationTime().toInstant();
        assertThat(expiresAt)
                .isBetween(Instant.now().plusSeconds(20), Instant.now().plusSeconds(31));
        assertThat(Instant.parse((String) answer.get("expiresAt"))).isEqualTo(expiresAt);
        assertThat(claims.getJWTID()).isNotBlank();
    }

    @Test
    void instancesAreOfferedRoundRobin() {
        String token = TestTokens.user("round-robin-" + System.nanoTime());
        Set<Object> urls = new HashSet<>();
        for (int i = 0; i < 4; i++) {
            urls.add(connect(token).get("url"));
        }
        assertThat(urls)
                .containsExactlyInAnyOrder(
                        CONNECTION_A.uri().replace("http://", "ws://") + "/ws",
                        CONNECTION_B.uri().replace("http://", "ws://") + "/ws");
    }

    @Test
    void aTicketNeverLivesLongerThanItsToken() throws Exception {
        String token = TestTokens.expiringIn("short-lived", Duration.ofSeconds(10));
        SignedJWT ticket = SignedJWT.parse((String) connect(token).get("ticket"));
        Instant tokenExpiry =
                SignedJWT.parse(token).getJWTClaimsSet().getExpirationTime().toInstant();
        assertThat(ticket.getJWTClaimsSet().getExpirationTime().toInstant()).isBeforeOrEqualTo(tokenExpiry);
    }

    @Test
    void noTokenForgedOrExpiredGets401() {
        gateway().get().uri("/api/connect").exchange().expectStatus().isUnauthorized();
        for (String bad : List.of(TestTokens.forged("mallory"), TestTokens.expired("late"))) {
            gateway()
                    .get()
                    .uri("/api/connect")
                    .headers(h -> h.setBearerAuth(bad))
                    .exchange()
                    .expectStatus()
                    .isUnauthorized()
                    .expectHeader()
                    .contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON);
        }
    }

    @Test
    void aTicketIsNotAnAccessToken() {
        String ticket = (String) connect(TestTokens.user("ticket-as-token")).get("ticket");
        gateway()
                .get()
                .uri("/api/rooms/lobby")
                .headers(h -> h.setBearerAuth(ticket))
                .exchange()
                .expectStatus()
                .isUnauthorized();
        gateway()
                .get()
                .uri("/api/connect")
                .headers(h -> h.setBearerAuth(ticket))
                .exchange()
                .expectStatus()
                .isUnauthorized();
        int before = CONNECTION_A.webSockets() + CONNECTION_B.webSockets();
        var upgrade = new ReactorNettyWebSocketClient()
                .execute(
                        java.net.URI.create("ws://127.0.0.1:" + port + "/ws?access_token=" + ticket),
                        session -> Mono.empty())
                .onErrorResume(error -> Mono.empty());
        upgrade.block(Duration.ofSeconds(10));
        assertThat(CONNECTION_A.webSockets() + CONNECTION_B.webSockets()).isEqualTo(before);
    }
}
