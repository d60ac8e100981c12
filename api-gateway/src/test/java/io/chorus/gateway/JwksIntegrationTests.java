package io.chorus.gateway;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import io.chorus.gateway.support.Downstream;
import io.chorus.test.AtJvmExit;
import io.chorus.test.ChorusInfrastructure;
import io.chorus.test.TestTokens;
import java.time.Instant;
import java.util.Date;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.reactive.server.WebTestClient;
import reactor.core.publisher.Mono;
import reactor.netty.DisposableServer;
import reactor.netty.http.server.HttpServer;

/** With chorus.jwt.jwk-set-uri set, tokens are RS256 checked against a real JWKS endpoint. */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = "chorus.jwt.secret=")
class JwksIntegrationTests {

    static final RSAKey KEY = generate("k1");
    static final RSAKey OTHER_KEY = generate("k1");
    static final DisposableServer JWKS = HttpServer.create()
            .host("127.0.0.1")
            .port(0)
            .route(routes ->
                    routes.get("/jwks", (request, response) -> response.header("Content-Type", "application/json")
                            .sendString(Mono.just(new JWKSet(KEY.toPublicJWK()).toString()))))
            .bindNow();
    static final Downstream ROOMS = new Downstream("room-service", "rooms-rs").start();

    @LocalServerPort
    int port;

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry registry) {
        ChorusInfrastructure.registerProperties(registry);
        registry.add("chorus.jwt.jwk-set-uri", () -> "http://127.0.0.1:" + JWKS.port() + "/jwks");
        registry.add("spring.cloud.discovery.client.simple.instances.room-service[0].uri", ROOMS::uri);
    }

    static {
        // not in @AfterAll: a rerun of a failed test needs them
        AtJvmExit.stop(ROOMS::stop);
        AtJvmExit.stop(JWKS::disposeNow);
    }

    @Test
    void anRs256TokenFromTheJwksIsAccepted() {
        client().get()
                .uri("/api/rooms/lobby")
                .headers(h -> h.setBearerAuth(sign(KEY, "rsa-user")))
                .exchange()
                .expectStatus()
                .isOk()
                .expectBody()
                .jsonPath("$.service")
                .isEqualTo("room-service");
    }

    @Test
    void otherKeysAndHs256TokensAreRefused() {
        client().get()
                .uri("/api/rooms/lobby")
                .headers(h -> h.setBearerAuth(sign(OTHER_KEY, "rsa-user")))
                .exchange()
                .expectStatus()
                .isUnauthorized();
        client().get()
                .uri("/api/rooms/lobby")
                .headers(h -> h.setBearerAuth(TestTokens.user("hs-user")))
                .exchange()
                .expectStatus()
                .isUnauthorized();
    }

    /** Tickets are derived from the HS256 secret, which a JWKS-only gateway does not hold: no /api/connect. */
    @Test
    void withoutTheSecretThereIsNoConnectEndpoint() {
        client().get()
                .uri("/api/connect")
                .headers(h -> h.setBearerAuth(sign(KEY, "rsa-user")))
                .exchange()
                .expectStatus()
                .isNotFound();
    }

    private WebTestClient client() {
        return WebTestClient.bindToServer().baseUrl("http://127.0.0.1:" + port).build();
    }

    private static String sign(RSAKey key, String subject) {
        try {
            var claims = new JWTClaimsSet.Builder()
                    .subject(subject)
                    .expirationTime(Date.from(Instant.now().plusSeconds(300)))
                    .build();
            var jwt = new SignedJWT(
                    new JWSHeader.Builder(JWSAlgorithm.RS256)
                            .keyID(key.getKeyID())
                            .build(),
                    claims);
            jwt.sign(new RSASSASigner(key));
            return jwt.serialize();
        } catch (JOSEException e) {
            throw new IllegalStateException(e);
        }
    }

    private static RSAKey generate(String keyId) {
        try {
            return new RSAKeyGenerator(2048).keyID(keyId).generate();
        } catch (JOSEException e) {
            throw new IllegalStateException(e);
        }
    }
}
