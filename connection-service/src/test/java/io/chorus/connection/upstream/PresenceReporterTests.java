package io.chorus.connection.upstream;

import static org.assertj.core.api.Assertions.assertThat;

import io.chorus.protocol.PresenceBatch;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.web.reactive.function.client.WebClient;
import reactor.netty.DisposableServer;
import reactor.netty.http.server.HttpServer;
import tools.jackson.databind.json.JsonMapper;

/** Presence batches survive a failing presence-service: sent again first, in order; rejected ones are dropped. */
class PresenceReporterTests {

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final List<PresenceBatch> received = new CopyOnWriteArrayList<>();
    private final AtomicInteger failuresLeft = new AtomicInteger();
    private volatile int failureStatus = 503;
    private DisposableServer server;

    @AfterEach
    void stop() {
        if (server != null) {
            server.disposeNow();
        }
    }

    private PresenceReporter reporter() {
        server = HttpServer.create()
                .host("127.0.0.1")
                .port(0)
                .route(routes -> routes.post("/internal/presence/batch", (request, response) -> request.receive()
                                .aggregate()
                                .asString()
                                .flatMap(body -> {
                                    if (failuresLeft.getAndDecrement() > 0) {
                                        return response.status(failureStatus)
                                                .send()
                                                .then();
                                    }
                                    received.add(JSON.readValue(body, PresenceBatch.class));
                                    return response.status(204).send().then();
                                }))
                        .post("/internal/rooms/viewers", (request, response) -> request.receive()
                                .then(response.status(204).send().then())))
                .bindNow();
        WebClient web =
                WebClient.builder().baseUrl("http://127.0.0.1:" + server.port()).build();
        return new PresenceReporter(
                web,
                JSON,
                "i-1",
                Duration.ofHours(1),
                Duration.ofHours(1),
                Duration.ofSeconds(2),
                Map::of,
                Clock.systemUTC());
    }

    private List<String> sentUsers() {
        return received.stream()
                .flatMap(batch -> batch.events().stream())
                .map(event -> event.user() + (event.online() ? "+" : "-"))
                .toList();
    }

    @Test
    void aFailedBatchIsSentAgainBeforeNewerEvents() {
        PresenceReporter reporter = reporter();
        failuresLeft.set(1);
        reporter.connected("ann", "phone");
        reporter.disconnected("bob", "laptop");

        reporter.flush().block(Duration.ofSeconds(5));

        assertThat(received).isEmpty();
        assertThat(reporter.retrying()).isEqualTo(2);

        reporter.connected("carl", "phone");
        reporter.flush().block(Duration.ofSeconds(5));

        assertThat(sentUsers()).containsExactly("ann+", "bob-", "carl+");
        assertThat(reporter.retrying()).isZero();
        assertThat(reporter.dropped()).isZero();
    }

    @Test
    void anUnreachablePresenceServiceLosesNothing() {
        PresenceReporter reporter = reporter();
        int port = server.port();
        server.disposeNow();
        reporter.connected("ann", "phone");

        reporter.flush().block(Duration.ofSeconds(10));

        assertThat(reporter.retrying()).isEqualTo(1);
        server = HttpServer.create()
                .host("127.0.0.1")
                .port(port)
                .route(routes -> routes.post("/internal/presence/batch", (request, response) -> request.receive()
                        .aggregate()
                        .asString()
                        .flatMap(body -> {
                            received.add(JSON.readValue(body, PresenceBatch.class));
                            return response.status(204).send().then();
                        })))
                .bindNow();

        reporter.flush().block(Duration.ofSeconds(5));

        assertThat(sentUsers()).containsExactly("ann+");
    }

    @Test
    void aRejectedBatchIsDroppedAndCounted() {
        PresenceReporter reporter = reporter();
        failureStatus = 400;
        failuresLeft.set(1);
        reporter.connected("ann", "phone");

        reporter.flush().block(Duration.ofSeconds(5));
        reporter.flush().block(Duration.ofSeconds(5));

        assertThat(reporter.retrying()).isZero();
        assertThat(reporter.dropped()).isEqualTo(1);
        assertThat(sentUsers()).isEmpty();
        assertThat(received).hasSize(1); // the second tick's empty batch renews the lease
        assertThat(received.get(0).events()).isEmpty();
    }
}
