package io.chorus.connection;

import io.chorus.test.ChorusInfrastructure;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.webtestclient.autoconfigure.AutoConfigureWebTestClient;
import org.springframework.http.HttpStatus;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.reactive.server.WebTestClient;

/** connection-service starts against real servers and reports each store it uses in its health. */
@SpringBootTest(
        webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = "chorus.jwt.secret=integration-test-secret-0123456789abcdef")
@AutoConfigureWebTestClient
class ConnectionServiceApplicationIntegrationTests {

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
                        .contains("chat_connection_eventloop_lag_seconds_count")
                        .contains("chat_connection_eventloop_blocked_total")
                        .contains("application=\"connection-service\""));
    }

    @Test
    void otherActuatorEndpointsNeedAToken() {
        web.get().uri("/actuator/metrics").exchange().expectStatus().isEqualTo(HttpStatus.UNAUTHORIZED);
    }
}
