package io.chorus.gateway;

import static org.assertj.core.api.Assertions.assertThat;

import io.chorus.gateway.support.TestTokens;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

/** Actuator on the management port only: health and info open, the rest for admins, no secret anywhere. */
@ExtendWith(OutputCaptureExtension.class)
class AdminIntegrationTests extends GatewayTestBase {

    @Test
    void healthAndInfoAreOpenAndHealthReportsRedis() {
        assertThat(managementPort).isNotEqualTo(port);
        management()
                .get()
                .uri("/actuator/health")
                .exchange()
                .expectStatus()
                .isOk()
                .expectBody()
                .jsonPath("$.status")
                .isEqualTo("UP");
        management().get().uri("/actuator/info").exchange().expectStatus().isOk();
        management()
                .get()
                .uri("/actuator/health")
                .headers(h -> h.setBearerAuth(TestTokens.user("ops", "admin")))
                .exchange()
                .expectStatus()
                .isOk()
                .expectBody()
                .jsonPath("$.components.redis.status")
                .isEqualTo("UP");
    }

    @Test
    void everyOtherEndpointNeedsTheAdminRole() {
        for (String path : List.of(
                "/actuator/metrics", "/actuator/prometheus", "/actuator/circuitbreakers", "/actuator/gateway/routes")) {
            management().get().uri(path).exchange().expectStatus().isUnauthorized();
            management()
                    .get()
                    .uri(path)
                    .headers(h -> h.setBearerAuth(TestTokens.user("viewer", "streamer", "moderator")))
                    .exchange()
                    .expectStatus()
                    .isForbidden()
                    .expectBody()
                    .jsonPath("$.code")
                    .isEqualTo("forbidden");
            management()
                    .get()
                    .uri(path)
                    .headers(h -> h.setBearerAuth(TestTokens.user("ops", "admin")))
                    .exchange()
                    .expectStatus()
                    .isOk();
        }
    }

    @Test
    void actuatorIsNotOnThePublicPort() {
        for (String path : List.of("/actuator/health", "/actuator/metrics", "/actuator/prometheus")) {
            gateway()
                    .get()
                    .uri(path)
                    .headers(h -> h.setBearerAuth(TestTokens.user("ops", "admin")))
                    .exchange()
                    .expectStatus()
                    .isNotFound();
        }
    }

    @Test
    void environmentAndConfigurationAreNotExposed() {
        for (String path : List.of("/actuator/env", "/actuator/configprops", "/actuator/heapdump", "/actuator/beans")) {
            management()
                    .get()
                    .uri(path)
                    .headers(h -> h.setBearerAuth(TestTokens.user("ops", "admin")))
                    .exchange()
                    .expectStatus()
                    .isNotFound();
        }
    }

    @Test
    void noSecretOrTokenInActuatorOutputOrLogs(CapturedOutput output) {
        String admin = TestTokens.user("ops", "admin");
        // some traffic that logs: a bad token, a failing downstream, a WebSocket token in the query
        gateway()
                .get()
                .uri("/api/rooms/lobby")
                .headers(h -> h.setBearerAuth(TestTokens.forged("x")))
                .exchange();
        gateway()
                .get()
                .uri("/api/presence/slow")
                .headers(h -> h.setBearerAuth(admin))
                .exchange();
        for (String path : List.of(
                "/actuator/health",
                "/actuator/info",
                "/actuator/metrics",
                "/actuator/gateway/routes",
                "/actuator/circuitbreakers")) {
            String body = new String(management()
                    .get()
                    .uri(path)
                    .headers(h -> h.setBearerAuth(admin))
                    .exchange()
                    .expectStatus()
                    .isOk()
                    .expectBody()
                    .returnResult()
                    .getResponseBodyContent());
            assertThat(body).as(path).doesNotContain(TestTokens.SECRET).doesNotContain(admin);
        }
        assertThat(output.getAll()).doesNotContain(TestTokens.SECRET).doesNotContain(admin);
    }
}
