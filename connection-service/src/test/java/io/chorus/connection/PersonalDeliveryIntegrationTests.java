package io.chorus.connection;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.chorus.connection.support.Cluster;
import io.chorus.connection.support.TestSocket;
import io.chorus.protocol.Channels;
import io.chorus.test.TestTokens;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** One delivery channel per instance: a UserDelivery reaches every device of the listed users there. */
class PersonalDeliveryIntegrationTests {

    private static Cluster cluster;

    @BeforeAll
    static void start() {
        cluster = Cluster.get();
    }

    @Test
    void aDeliveryReachesEveryDeviceOfEachListedUserOnTheInstance() {
        try (TestSocket phone = TestSocket.connect(cluster.a.port(), TestTokens.user("pd-u1"), "phone");
                TestSocket laptop = TestSocket.connect(cluster.a.port(), TestTokens.user("pd-u1"), "laptop");
                TestSocket tablet = TestSocket.connect(cluster.b.port(), TestTokens.user("pd-u1"), "tablet");
                TestSocket friend = TestSocket.connect(cluster.a.port(), TestTokens.user("pd-u2"));
                TestSocket stranger = TestSocket.connect(cluster.a.port(), TestTokens.user("pd-u3"))) {
            ping(phone, laptop, tablet, friend, stranger); // every connection is registered

            String delivery = "{\"users\":[\"pd-u1\",\"pd-u2\",\"pd-nobody\"],"
                    + "\"frame\":{\"type\":\"notify\",\"conv\":\"g-1\",\"seq\":42}}";
            assertThat(cluster.redis.spublish(Channels.instance("cs-a"), delivery))
                    .isEqualTo(1);

            for (TestSocket device : List.of(phone, laptop, friend)) {
                assertThat(device.next("notify").get("seq").asLong()).isEqualTo(42);
            }
            assertThat(tablet.drain(Duration.ofMillis(500))).isEmpty();
            assertThat(stranger.drain(Duration.ZERO)).isEmpty();

            cluster.redis.spublish(
                    Channels.instance("cs-b"),
                    "{\"users\":[\"pd-u1\"],\"frame\":{\"type\":\"cursor\",\"conv\":\"g-1\",\"read\":40}}");
            assertThat(tablet.next("cursor").get("read").asLong()).isEqualTo(40);
            assertThat(phone.drain(Duration.ofMillis(500))).isEmpty();
        }
    }

    @Test
    void connectsDisconnectsAndJoinersAreReportedToPresenceInBatchesWithAServiceToken() throws Exception {
        String room = "presence-" + java.util.UUID.randomUUID();
        try (TestSocket phone = TestSocket.connect(cluster.a.port(), TestTokens.user("pr-u1"), "phone")) {
            phone.join(room);
        }
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(cluster.upstream.bodies())
                .anySatisfy(body -> assertThat(body)
                        .contains("\"instance\":\"cs-a\"")
                        .contains("{\"user\":\"pr-u1\",\"device\":\"phone\",\"online\":true"))
                .anySatisfy(
                        body -> assertThat(body).contains("{\"user\":\"pr-u1\",\"device\":\"phone\",\"online\":false"))
                .anySatisfy(body -> assertThat(body).contains("\"" + room + "\":[\"pr-u1\"]")));
        String token = cluster.upstream.authorizations().get(0).substring("Bearer ".length());
        com.nimbusds.jwt.JWTClaimsSet claims =
                com.nimbusds.jwt.SignedJWT.parse(token).getJWTClaimsSet();
        assertThat(claims.getSubject()).startsWith("connection-service/cs-");
        assertThat(claims.getStringListClaim("roles")).containsExactly("service");
    }

    private static void ping(TestSocket... sockets) {
        for (TestSocket socket : sockets) {
            socket.send("{\"type\":\"ping\",\"id\":\"hello\"}");
            socket.next("pong");
        }
    }
}
