package io.chorus.gateway;

import io.chorus.gateway.support.Downstream;
import io.chorus.gateway.support.UpgradeThreads;
import io.chorus.test.ChorusInfrastructure;
import io.chorus.test.TestTokens;
import java.time.Duration;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalManagementPort;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Import;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.reactive.server.WebTestClient;

/**
 * One gateway against real Redis and real HTTP/WebSocket servers standing in for each downstream service (two
 * connection-service instances). Subclasses share the context.
 */
@SpringBootTest(
        webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {
            "chorus.jwt.secret=" + TestTokens.SECRET,
            "management.server.port=0",
            "server.max-http-request-header-size=16KB",
            "spring.cloud.gateway.server.webflux.httpclient.response-timeout=1s",
            "spring.cloud.gateway.server.webflux.httpclient.connect-timeout=500",
            "chorus.gateway.rate-limit.replenish-rate=5",
            "chorus.gateway.rate-limit.burst-capacity=10",
            // a starved build machine can take a second for a Redis call: the tests are about the limiter's
            // decisions, so they wait for them (the tests without Redis set their own timeout)
            "chorus.gateway.rate-limit.decision-timeout=5s",
            "chorus.gateway.max-body-size=1KB",
            "chorus.gateway.request-timeout=2s",
            "chorus.gateway.cors.allowed-origins=https://app.chorus.example",
        })
@Import(UpgradeThreads.class)
abstract class GatewayTestBase {

    static final Downstream ROOMS = new Downstream("room-service", "rooms-1").start();
    static final Downstream GIFTS = new Downstream("gift-service", "gifts-1").start();
    static final Downstream GROUPS = new Downstream("group-service", "groups-1").start();
    static final Downstream PRESENCE = new Downstream("presence-service", "presence-1").start();
    static final Downstream CONNECTION_A = new Downstream("connection-service", "conn-a").start();
    static final Downstream CONNECTION_B = new Downstream("connection-service", "conn-b").start();

    @LocalServerPort
    int port;

    @LocalManagementPort
    int managementPort;

    @DynamicPropertySource
    static void infrastructure(DynamicPropertyRegistry registry) {
        ChorusInfrastructure.registerProperties(registry);
        String instances = "spring.cloud.discovery.client.simple.instances.";
        registry.add(instances + "room-service[0].uri", ROOMS::uri);
        registry.add(instances + "gift-service[0].uri", GIFTS::uri);
        registry.add(instances + "group-service[0].uri", GROUPS::uri);
        registry.add(instances + "presence-service[0].uri", PRESENCE::uri);
        registry.add(instances + "connection-service[0].uri", CONNECTION_A::uri);
        registry.add(instances + "connection-service[1].uri", CONNECTION_B::uri);
    }

    WebTestClient gateway() {
        return WebTestClient.bindToServer()
                .baseUrl("http://127.0.0.1:" + port)
                .responseTimeout(Duration.ofSeconds(15))
                .build();
    }

    WebTestClient management() {
        return WebTestClient.bindToServer()
                .baseUrl("http://127.0.0.1:" + managementPort)
                .responseTimeout(Duration.ofSeconds(30))
                .build();
    }

    /** A normal request still works: the gateway keeps serving. */
    void gatewayStillServes() {
        gateway()
                .get()
                .uri("/api/rooms/still-serving")
                .headers(h -> h.setBearerAuth(TestTokens.user("healthy-" + System.nanoTime())))
                .exchange()
                .expectStatus()
                .isOk()
                .expectBody()
                .jsonPath("$.service")
                .isEqualTo("room-service");
    }
}
