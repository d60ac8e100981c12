package io.chorus.gateway;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;
import io.chorus.test.ChorusInfrastructure;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Date;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.webtestclient.autoconfigure.AutoConfigureWebTestClient;
import org.springframework.http.HttpStatus;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.reactive.server.WebTestClient;

/** api-gateway starts against real servers and reports each store it uses in its health. */
@SpringBootTest(
        webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = "chorus.jwt.secret=" + GatewayApplicationIntegrationTests.SECRET)
@AutoConfigureWebTestClient
class GatewayApplicationIntegrationTests {

    static final String SECRET = "integration-test-secret-0123456789abcdef";

    @DynamicPropertySource
    static void infrastructure(DynamicPropertyRegistry registry) {
        ChorusInfrastructure.registerProperties(registry);
    }

    @Autowired
    WebTestClient web;

    @Test
    void healthListsEveryStoreUp() {
        web.get()
                .uri("/actuator/health")
                .exchange()
                .expectStatus()
                .isOk()
                .expectBody()
                .jsonPath("$.status")
                .isEqualTo("UP")
                .jsonPath("$.components.redis.status")
                .isEqualTo("UP");
    }

    @Test
    void prometheusMetricsAreExposed() {
        web.get()
                .uri("/actuator/prometheus")
                .exchange()
                .expectStatus()
                .isOk()
                .expectBody(String.class)
                .value(body -> org.assertj.core.api.Assertions.assertThat(body)
                        .contains("jvm_memory_used_bytes")
                        .contains("application=\"api-gateway\""));
    }

    @Test
    void otherActuatorEndpointsNeedAToken() {
        web.get().uri("/actuator/metrics").exchange().expectStatus().isEqualTo(HttpStatus.UNAUTHORIZED);
    }

    @Test
    void apiNeedsAToken() {
        web.get().uri("/api/rooms/lobby").exchange().expectStatus().isEqualTo(HttpStatus.UNAUTHORIZED);
    }

    @Test
    void internalEndpointsAreNotRouted() {
        web.get()
                .uri("/internal/rooms/lobby/snapshot")
                .headers(headers -> headers.setBearerAuth(token("u1")))
                .exchange()
                .expectStatus()
                .isNotFound();
    }

    @Test
    void aForgedTokenIsRejected() throws Exception {
        String forged = token("u1").substring(0, token("u1").lastIndexOf('.')) + ".c2lnbmF0dXJl";
        web.get()
                .uri("/api/rooms/lobby")
                .headers(headers -> headers.setBearerAuth(forged))
                .exchange()
                .expectStatus()
                .isEqualTo(HttpStatus.UNAUTHORIZED);
    }

    private static String token(String user) {
        try {
            var claims = new JWTClaimsSet.Builder()
                    .subject(user)
                    .expirationTime(Date.from(Instant.now().plusSeconds(300)))
                    .build();
            var jwt = new SignedJWT(new JWSHeader(JWSAlgorithm.HS256), claims);
            jwt.sign(new MACSigner(SECRET.getBytes(StandardCharsets.UTF_8)));
            return jwt.serialize();
        } catch (JOSEException e) {
            throw new IllegalStateException(e);
        }
    }
}
