package io.chorus.gift.fault;

import static org.assertj.core.api.Assertions.assertThat;

import io.chorus.gift.support.GiftIntegrationTest;
import io.chorus.gift.support.Poll;
import io.chorus.test.TestTokens;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.kafka.listener.ConcurrentMessageListenerContainer;
import tools.jackson.databind.JsonNode;

/**
 * kill -9 of a gift-service process while gifts flow, then a restart: every gift that got a 201 is in the
 * room's stream exactly once, the sequence stays dense, and a send whose answer was lost in the crash, retried
 * with its key, does not make a second gift. The service runs as its own process (the packaged jar); this
 * JVM's sequencer is stopped meanwhile so the child is the only one.
 */
class GiftServiceCrashIntegrationTests extends GiftIntegrationTest {

    private static final Path JAR = Path.of("target", "gift-service-0.1.0-SNAPSHOT.jar");

    @Autowired
    @Qualifier("giftSequencerContainer")
    ConcurrentMessageListenerContainer<String, String> sequencerContainer;

    private final HttpClient http =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    private final String token = TestTokens.user(unique("user"));

    @Test
    void killNineAndRestartLoseNoAcceptedGiftAndRepeatNone() throws Exception {
        assertThat(JAR)
                .as("the packaged service (mvn package runs before failsafe)")
                .exists();
        String room = liveRoom("streamer-1");
        Map<String, String> accepted = new ConcurrentHashMap<>(); // key -> giftId
        List<String> unanswered = new ArrayList<>();
        sequencerContainer.stop();
        Process first = null;
        Process second = null;
        try {
            int port = freePort();
            first = start("a", port);
            awaitHealthy(port);
            sendFor(port, room, Duration.ofSeconds(4), accepted, unanswered);
            first.destroyForcibly().waitFor(); // SIGKILL: no shutdown hook, no offset commit, no flush
            sendFor(port, room, Duration.ofMillis(500), accepted, unanswered);

            second = start("b", port);
            awaitHealthy(port);
            int cutOff = unanswered.size();
            for (String key : List.copyOf(unanswered)) {
                String giftId = send(port, room, key);
                if (giftId != null) {
                    accepted.put(key, giftId);
                    unanswered.remove(key);
                }
            }
            int retried = cutOff;
            sendFor(port, room, Duration.ofSeconds(2), accepted, unanswered);
            assertThat(unanswered).isEmpty();
            System.out.printf(
                    "crash test: accepted=%d, cut off by the kill and retried with their key=%d%n",
                    accepted.size(), retried);

            Set<String> acceptedIds = new HashSet<>(accepted.values());
            List<JsonNode> gifts = Poll.until(
                    () -> pullAll(room, 1000),
                    pulled -> pulled.stream()
                            .map(g -> g.get("giftId").asString())
                            .toList()
                            .containsAll(acceptedIds),
                    Duration.ofSeconds(90));
            Thread.sleep(1000);
            gifts = pullAll(room, 1000);
            List<String> ids =
                    gifts.stream().map(g -> g.get("giftId").asString()).toList();
            assertThat(seqs(gifts)).isEqualTo(oneTo(gifts.size()));
            assertThat(new HashSet<>(ids)).hasSize(ids.size()).containsAll(acceptedIds);
            // at most the sends cut off by the kill (produced, never answered, never retried) are extra
            assertThat(ids.size()).isEqualTo(acceptedIds.size());
            assertThat(accepted.size()).isGreaterThan(10);
        } finally {
            if (first != null) {
                first.destroyForcibly();
            }
            if (second != null) {
                second.destroy();
                second.waitFor();
            }
            sequencerContainer.start();
        }
    }

    private void sendFor(
            int port, String room, Duration duration, Map<String, String> accepted, List<String> unanswered)
            throws InterruptedException {
        long end = System.nanoTime() + duration.toNanos();
        while (System.nanoTime() < end) {
            String key = UUID.randomUUID().toString();
            String giftId = send(port, room, key);
            if (giftId != null) {
                accepted.put(key, giftId);
            } else {
                unanswered.add(key);
                Thread.sleep(50);
            }
        }
    }

    /** The gift id of a 201, or {@code null} when no answer came (the process died or is starting). */
    private String send(int port, String room, String key) {
        var request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/api/rooms/" + room + "/gifts"))
                .timeout(Duration.ofSeconds(15))
                .header("Authorization", "Bearer " + token)
                .header("Idempotency-Key", key)
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body("rose", 1)))
                .build();
        try {
            HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() != 201) {
                return null;
            }
            return JSON.readTree(response.body()).get("giftId").asString();
        } catch (IOException e) {
            return null;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return null;
        }
    }

    private Process start(String name, int port) throws IOException {
        String java = ProcessHandle.current().info().command().orElse("java");
        List<String> command = new ArrayList<>(List.of(
                java,
                "-XX:TieredStopAtLevel=1",
                "-Xmx384m",
                "-Djava.io.tmpdir=" + Path.of("target", "tmp").toAbsolutePath(),
                "-jar",
                JAR.toAbsolutePath().toString(),
                "--server.port=" + port,
                "--chorus.config.dir=" + Path.of("target", "no-config-repo").toAbsolutePath(),
                "--chorus.jwt.secret=" + TestTokens.SECRET,
                "--logging.level.org.apache.kafka=WARN"));
        for (String property : List.of(
                "spring.data.redis.host",
                "spring.data.redis.port",
                "spring.kafka.bootstrap-servers",
                "spring.cassandra.contact-points",
                "spring.cassandra.port",
                "spring.cassandra.local-datacenter",
                "spring.cassandra.keyspace-name")) {
            command.add("--" + property + "=" + environment.getRequiredProperty(property));
        }
        Path log = Path.of("target", "crash-test-" + name + ".log");
        Files.createDirectories(Path.of("target", "tmp"));
        return new ProcessBuilder(command)
                .redirectErrorStream(true)
                .redirectOutput(log.toFile())
                .start();
    }

    private void awaitHealthy(int port) {
        Poll.until(
                () -> {
                    try {
                        var request = HttpRequest.newBuilder(
                                        URI.create("http://127.0.0.1:" + port + "/actuator/health"))
                                .timeout(Duration.ofSeconds(2))
                                .build();
                        return http.send(request, HttpResponse.BodyHandlers.ofString())
                                .statusCode();
                    } catch (IOException e) {
                        return 0;
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                        return 0;
                    }
                },
                status -> status == 200,
                Duration.ofSeconds(180));
    }

    private static int freePort() throws IOException {
        try (var socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
