package io.chorus.connection;

import static org.assertj.core.api.Assertions.assertThat;

import io.chorus.connection.support.Cluster;
import io.chorus.connection.support.RawSocket;
import io.chorus.test.TestIdentityProvider;
import io.chorus.test.TestTokens;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * With {@code chorus.jwt.jwk-set-uri} set, the {@code /ws} upgrade takes users' RS256 tokens from the identity
 * provider and refuses users' tokens signed with the platform secret, as the gateway and every other service do.
 */
class JwksHandshakeIntegrationTests {

    private static TestIdentityProvider provider;
    private static Cluster.Instance instance;

    @BeforeAll
    static void start() {
        provider = TestIdentityProvider.start();
        instance = Cluster.get().startIsolated("cs-jwks", "--chorus.jwt.jwk-set-uri=" + provider.jwksUri());
    }

    @AfterAll
    static void stop() {
        if (instance != null) {
            instance.context().close();
        }
        if (provider != null) {
            provider.close();
        }
    }

    @Test
    void aProvidersTokenUpgradesAndServes() throws Exception {
        String token = provider.token("jwks-u1", "viewer");
        assertThat(RawSocket.upgradeResponse(instance.port(), "?access_token=" + token))
                .startsWith("HTTP/1.1 101");
        try (RawSocket socket = RawSocket.connect(instance.port(), token, 65536)) {
            socket.sendText("{\"type\":\"ping\",\"id\":\"p\"}");
            assertThat(socket.read().text()).isEqualTo("{\"type\":\"pong\",\"id\":\"p\"}");
        }
    }

    @Test
    void usersTokensSignedWithThePlatformSecretAnotherKeyOrExpiredGet401() throws Exception {
        for (String token : new String[] {
            TestTokens.user("jwks-mallory", "admin"),
            provider.stranger("jwks-mallory"),
            provider.expired("jwks-mallory")
        }) {
            assertThat(RawSocket.upgradeResponse(instance.port(), "?access_token=" + token))
                    .startsWith("HTTP/1.1 401");
        }
    }
}
