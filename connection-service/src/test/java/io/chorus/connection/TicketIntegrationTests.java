package io.chorus.connection;

import static org.assertj.core.api.Assertions.assertThat;

import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import io.chorus.connection.support.Cluster;
import io.chorus.connection.support.RawSocket;
import io.chorus.connection.support.TestSocket;
import io.chorus.protocol.ChatSubmitted;
import io.chorus.test.TestTokens;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.UUID;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * {@code /ws?ticket=}: a connect ticket as api-gateway's {@code GET /api/connect} issues it (minted here by the
 * documented rule: HS256 with HMAC-SHA256(secret, "chorus connect ticket v1"), {@code aud: chorus-connection})
 * opens a socket that joins and chats under the ticket's identity; an expired, forged or wrong-audience ticket,
 * an access token in its place, or a ticket in place of an access token gets 401 and no upgrade.
 */
class TicketIntegrationTests {

    private static Cluster cluster;

    @BeforeAll
    static void start() {
        cluster = Cluster.get();
    }

    static byte[] ticketKey(String secret) throws Exception {
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
        return mac.doFinal("chorus connect ticket v1".getBytes(StandardCharsets.UTF_8));
    }

    static String ticket(byte[] key, String user, List<String> audience, Instant expiresAt, List<String> roles)
            throws Exception {
        var claims = new JWTClaimsSet.Builder()
                .subject(user)
                .audience(audience)
                .jwtID(UUID.randomUUID().toString())
                .issueTime(new Date())
                .expirationTime(Date.from(expiresAt))
                .claim("name", "Name of " + user)
                .claim("roles", roles)
                .claim("session_exp", Instant.now().plus(Duration.ofHours(1)).getEpochSecond())
                .build();
        var jwt = new SignedJWT(new JWSHeader(JWSAlgorithm.HS256), claims);
        jwt.sign(new MACSigner(key));
        return jwt.serialize();
    }

    static String validTicket(String user, String... roles) throws Exception {
        return ticket(
                ticketKey(TestTokens.SECRET),
                user,
                List.of("chorus-connection"),
                Instant.now().plusSeconds(30),
                List.of(roles));
    }

    @Test
    void aTicketOpensASocketThatJoinsAndChatsAsItsHolder() throws Exception {
        String room = "ticket-" + UUID.randomUUID();
        try (TestSocket viewer =
                TestSocket.connectWithTicket(cluster.a.port(), validTicket("ticket-u1", "moderator"))) {
            viewer.join(room);
            viewer.send("{\"type\":\"chat\",\"id\":\"t1\",\"room\":\"" + room + "\",\"text\":\"hello by ticket\"}");
            JsonNode ack = viewer.next("ack");
            assertThat(TestSocket.text(ack, "id")).isEqualTo("t1");
            JsonMapper mapper = JsonMapper.builder().build();
            assertThat(cluster.upstream.bodies())
                    .map(body -> body.contains("hello by ticket") ? mapper.readValue(body, ChatSubmitted.class) : null)
                    .contains(new ChatSubmitted(
                            room, "ticket-u1", "Name of ticket-u1", List.of("moderator"), "hello by ticket", "t1"));
        }
    }

    @Test
    void badTicketsGet401AndNoUpgrade() throws Exception {
        int port = cluster.a.port();
        byte[] key = ticketKey(TestTokens.SECRET);
        List<String> aud = List.of("chorus-connection");
        String expired = ticket(key, "t-u2", aud, Instant.now().minusSeconds(10), List.of());
        String forged = ticket(
                ticketKey("some-other-secret-0123456789abcdefgh"),
                "t-u2",
                aud,
                Instant.now().plusSeconds(30),
                List.of());
        String signedWithTheSecret = ticket(
                TestTokens.SECRET.getBytes(StandardCharsets.UTF_8),
                "t-u2",
                aud,
                Instant.now().plusSeconds(30),
                List.of());
        String wrongAudience =
                ticket(key, "t-u2", List.of("room-service"), Instant.now().plusSeconds(30), List.of());
        String noAudience = ticket(key, "t-u2", List.of(), Instant.now().plusSeconds(30), List.of());
        for (String bad : List.of(expired, forged, signedWithTheSecret, wrongAudience, noAudience, "not-a-jwt", "")) {
            assertThat(RawSocket.upgradeResponse(port, "?ticket=" + bad)).startsWith("HTTP/1.1 401");
        }
        // an access token is not a ticket, and a ticket is not an access token (query or header)
        assertThat(RawSocket.upgradeResponse(port, "?ticket=" + TestTokens.user("t-u3")))
                .startsWith("HTTP/1.1 401");
        String ticket = validTicket("t-u3");
        assertThat(RawSocket.upgradeResponse(port, "?access_token=" + ticket)).startsWith("HTTP/1.1 401");
        assertThat(RawSocket.upgradeResponse(port, "", "Authorization: Bearer " + ticket))
                .startsWith("HTTP/1.1 401");
        // a bad ticket is not rescued by a good access token next to it
        assertThat(RawSocket.upgradeResponse(
                        port, "?ticket=" + wrongAudience, "Authorization: Bearer " + TestTokens.user("t-u3")))
                .startsWith("HTTP/1.1 401");
        assertThat(RawSocket.upgradeResponse(port, "?ticket=" + ticket)).startsWith("HTTP/1.1 101");
    }
}
