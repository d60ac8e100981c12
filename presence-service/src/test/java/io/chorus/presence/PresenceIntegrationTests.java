package io.chorus.presence;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.chorus.protocol.Channels;
import io.chorus.protocol.PresenceBatch;
import io.chorus.protocol.ViewerBatch;
import io.chorus.test.ChorusInfrastructure;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.webtestclient.autoconfigure.AutoConfigureWebTestClient;
import org.springframework.data.redis.core.ReactiveStringRedisTemplate;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.reactive.server.WebTestClient;
import reactor.core.Disposable;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** Presence against a real Redis: leases, batches, look-ups, viewer counts, subscriptions, bad input. */
@SpringBootTest(
        webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {
            "chorus.jwt.secret=" + TestTokens.SECRET,
            "chorus.presence.lease-ttl=2s",
            "chorus.presence.lease-cache-ttl=100ms",
            "chorus.presence.notify-interval=100ms",
            "chorus.presence.notify-cooldown=1s",
        })
@AutoConfigureWebTestClient
class PresenceIntegrationTests {

    @DynamicPropertySource
    static void infrastructure(DynamicPropertyRegistry registry) {
        ChorusInfrastructure.registerProperties(registry);
    }

    @Autowired
    WebTestClient web;

    @Autowired
    ReactiveStringRedisTemplate redis;

    @Autowired
    JsonMapper json;

    @Test
    void connectedDevicesAreFoundWithTheirInstance() {
        String instance = id("i");
        String user = id("u");
        batch(instance, online(user, "phone", 1), online(user, "laptop", 2));

        lookup(List.of(user, id("nobody")))
                .jsonPath("$.users.length()")
                .isEqualTo(1)
                .jsonPath("$.users['" + user + "'].length()")
                .isEqualTo(2)
                .jsonPath("$.users['" + user + "'][0].instance")
                .isEqualTo(instance);

        batch(instance, offline(user, "phone", 3));
        lookup(List.of(user)).jsonPath("$.users['" + user + "'].length()").isEqualTo(1);
    }

    @Test
    void aDeadInstanceTakesAllItsUsersOfflineWhenItsLeaseExpires() {
        String dying = id("i");
        List<String> users = IntStream.range(0, 200).mapToObj(i -> id("u")).toList();
        batch(dying, users.stream().map(user -> online(user, "d", 1)).toArray(PresenceBatch.Event[]::new));
        assertThat(onlineCount(users)).isEqualTo(200);
        long died = System.currentTimeMillis();

        // the instance stops renewing: no per-user clean-up happens, the lease just expires (TTL 2 s)
        await().atMost(Duration.ofSeconds(4)).until(() -> onlineCount(users) == 0);
        assertThat(System.currentTimeMillis() - died).isLessThan(4_000);

        JsonNode one = query(List.of(users.get(0))).get("users").get(0);
        assertThat(one.get("online").asBoolean()).isFalse();
        assertThat(one.get("lastSeen").asLong()).isBetween(died - 1_000, died + 1_000);
    }

    @Test
    void aBurstOfTenThousandConnectsAndDisconnectsCoalescesIntoFewWrites() {
        String instance = id("i");
        List<String> users = IntStream.range(0, 100).mapToObj(i -> id("u")).toList();
        List<PresenceBatch.Event> events = new ArrayList<>();
        for (int flap = 0; flap < 50; flap++) {
            for (String user : users) {
                events.add(new PresenceBatch.Event(user, "d", flap % 2 == 0, flap * 2L));
            }
        }
        events.addAll(users.stream().map(user -> offline(user, "d", 1_000)).toList());
        assertThat(events).hasSizeGreaterThanOrEqualTo(5_000);
        List<PresenceBatch.Event> burst = new ArrayList<>(events);
        burst.addAll(events);
        assertThat(burst).hasSizeGreaterThanOrEqualTo(10_000);

        long before = hashWrites();
        int batches = 0;
        for (int from = 0; from < burst.size(); from += 2_500) {
            batch(
                    instance,
                    burst.subList(from, Math.min(burst.size(), from + 2_500)).toArray(PresenceBatch.Event[]::new));
            batches++;
        }
        long writes = hashWrites() - before;

        assertThat(batches).isLessThanOrEqualTo(5);
        // at most two hash commands per user and batch, whatever the number of events
        assertThat(writes).isLessThanOrEqualTo(2L * users.size() * batches);
        assertThat(onlineCount(users)).isZero();
        assertThat(query(List.of(users.get(0)))
                        .get("users")
                        .get(0)
                        .get("lastSeen")
                        .asLong())
                .isEqualTo(1_000);
    }

    @Test
    void viewerCountsAreWithinTwoPercentForOneHundredThousandViewers() {
        String room = id("room");
        int viewers = 100_000;
        for (int from = 0; from < viewers; from += 5_000) {
            List<String> chunk = IntStream.range(from, from + 5_000)
                    .mapToObj(i -> "viewer-" + i)
                    .toList();
            // every viewer announced twice (join, then the window's re-announcement): counted once
            postViewers(new ViewerBatch(Map.of(room, chunk)));
            postViewers(new ViewerBatch(Map.of(room, chunk)));
        }

        long counted = web.get()
                .uri("/internal/rooms/{room}/viewers", room)
                .headers(headers -> headers.setBearerAuth(TestTokens.service()))
                .exchange()
                .expectStatus()
                .isOk()
                .expectBody(JsonNode.class)
                .returnResult()
                .getResponseBody()
                .get("viewers")
                .asLong();
        assertThat((double) Math.abs(counted - viewers) / viewers).isLessThan(0.02);
    }

    @Test
    void followersGetCoalescedPresenceChangesThroughTheirInstance() throws InterruptedException {
        String instance = id("i");
        String follower = id("u");
        String contact = id("u");
        batch(instance, online(follower, "phone", 1));
        web.put()
                .uri("/api/presence/subscriptions")
                .headers(headers -> headers.setBearerAuth(TestTokens.user(follower)))
                .bodyValue(Map.of("users", List.of(contact)))
                .exchange()
                .expectStatus()
                .isOk()
                .expectBody()
                .jsonPath("$.users[0]")
                .isEqualTo(contact);

        List<JsonNode> deliveries = new CopyOnWriteArrayList<>();
        Disposable listener = redis.listenToChannel(Channels.instance(instance))
                .map(message -> json.readTree(message.getMessage()))
                .subscribe(deliveries::add);
        try {
            await().atMost(Duration.ofSeconds(2)).untilAsserted(() -> {
                batch(instance, online(contact, "laptop", 2));
                assertThat(deliveries).isNotEmpty();
            });
            JsonNode first = deliveries.get(0);
            assertThat(first.get("users").get(0).asString()).isEqualTo(follower);
            assertThat(first.get("frame").get("type").asString()).isEqualTo("presence");
            assertThat(first.get("frame").get("user").asString()).isEqualTo(contact);
            assertThat(first.get("frame").get("online").asBoolean()).isTrue();

            // the contact flaps 20 times: followers get at most one change per cooldown (1 s), the latest state
            int seen = deliveries.size();
            long flappingSince = System.nanoTime();
            for (int flap = 0; flap < 20; flap++) {
                batch(instance, new PresenceBatch.Event(contact, "laptop", flap % 2 == 1, 10 + flap));
            }
            Thread.sleep(2_500);
            long cooldowns = Duration.ofNanos(System.nanoTime() - flappingSince).toMillis() / 1_000;
            assertThat(deliveries.size() - seen).isBetween(1, (int) cooldowns + 1);
            JsonNode last = deliveries.get(deliveries.size() - 1).get("frame");
            assertThat(last.get("online").asBoolean())
                    .as("the latest state wins")
                    .isTrue();
        } finally {
            listener.dispose();
        }
    }

    @Test
    void badInputGetsProblemDetails() {
        List<String> tooMany = IntStream.range(0, 501).mapToObj(i -> "u" + i).toList();
        web.post()
                .uri("/api/presence/query")
                .headers(headers -> headers.setBearerAuth(TestTokens.user("u1")))
                .bodyValue(Map.of("users", tooMany))
                .exchange()
                .expectStatus()
                .isBadRequest()
                .expectHeader()
                .contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON)
                .expectBody()
                .jsonPath("$.code")
                .isEqualTo("bad_request");

        web.post()
                .uri("/api/presence/query")
                .headers(headers -> headers.setBearerAuth(TestTokens.user("u1")))
                .contentType(MediaType.APPLICATION_JSON)
                .bodyValue("{\"users\": [")
                .exchange()
                .expectStatus()
                .isBadRequest()
                .expectBody()
                .jsonPath("$.code")
                .isEqualTo("bad_request");

        web.get()
                .uri("/api/presence/{user}", "bad user\u0000")
                .headers(headers -> headers.setBearerAuth(TestTokens.user("u1")))
                .exchange()
                .expectStatus()
                .isBadRequest();

        web.post()
                .uri("/api/presence/query")
                .bodyValue(Map.of("users", List.of("u1")))
                .exchange()
                .expectStatus()
                .isEqualTo(HttpStatus.UNAUTHORIZED)
                .expectHeader()
                .contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON)
                .expectBody()
                .jsonPath("$.code")
                .isEqualTo("unauthorized");

        web.post()
                .uri("/internal/presence/batch")
                .headers(headers -> headers.setBearerAuth(TestTokens.user("u1")))
                .bodyValue(new PresenceBatch("i1", List.of()))
                .exchange()
                .expectStatus()
                .isEqualTo(HttpStatus.FORBIDDEN)
                .expectBody()
                .jsonPath("$.code")
                .isEqualTo("forbidden");

        web.post()
                .uri("/internal/presence/batch")
                .headers(headers -> headers.setBearerAuth(TestTokens.service()))
                .bodyValue(new PresenceBatch("i1", java.util.Arrays.asList(online("u1", "d", 1), null)))
                .exchange()
                .expectStatus()
                .isBadRequest();
    }

    private void batch(String instance, PresenceBatch.Event... events) {
        web.post()
                .uri("/internal/presence/batch")
                .headers(headers -> headers.setBearerAuth(TestTokens.service()))
                .bodyValue(new PresenceBatch(instance, List.of(events)))
                .exchange()
                .expectStatus()
                .isNoContent();
    }

    private void postViewers(ViewerBatch batch) {
        web.post()
                .uri("/internal/rooms/viewers")
                .headers(headers -> headers.setBearerAuth(TestTokens.service()))
                .bodyValue(batch)
                .exchange()
                .expectStatus()
                .isNoContent();
    }

    private WebTestClient.BodyContentSpec lookup(List<String> users) {
        return web.post()
                .uri("/internal/presence/lookup")
                .headers(headers -> headers.setBearerAuth(TestTokens.service()))
                .bodyValue(Map.of("users", users))
                .exchange()
                .expectStatus()
                .isOk()
                .expectBody();
    }

    private JsonNode query(List<String> users) {
        return web.post()
                .uri("/api/presence/query")
                .headers(headers -> headers.setBearerAuth(TestTokens.user("asker")))
                .bodyValue(Map.of("users", users))
                .exchange()
                .expectStatus()
                .isOk()
                .expectBody(JsonNode.class)
                .returnResult()
                .getResponseBody();
    }

    private long onlineCount(List<String> users) {
        JsonNode result = query(users);
        long online = 0;
        for (JsonNode user : result.get("users")) {
            online += user.get("online").asBoolean() ? 1 : 0;
        }
        return online;
    }

    private long hashWrites() {
        Properties stats = redis.getConnectionFactory()
                .getReactiveConnection()
                .serverCommands()
                .info("commandstats")
                .block(Duration.ofSeconds(2));
        return calls(stats, "cmdstat_hset") + calls(stats, "cmdstat_hdel") + calls(stats, "cmdstat_hmset");
    }

    private static long calls(Properties stats, String command) {
        String value = stats.getProperty(command);
        if (value == null) {
            return 0;
        }
        String calls = value.split(",")[0];
        return Long.parseLong(calls.substring(calls.indexOf('=') + 1));
    }

    private static PresenceBatch.Event online(String user, String device, long ts) {
        return new PresenceBatch.Event(user, device, true, ts);
    }

    private static PresenceBatch.Event offline(String user, String device, long ts) {
        return new PresenceBatch.Event(user, device, false, ts);
    }

    private static String id(String prefix) {
        return prefix + "-" + UUID.randomUUID().toString().substring(0, 8);
    }
}
