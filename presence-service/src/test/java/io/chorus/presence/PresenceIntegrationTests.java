package io.chorus.presence;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.chorus.presence.device.LegacyHashConversion;
import io.chorus.presence.lease.InstanceLeases;
import io.chorus.presence.subscription.PresenceNotifier;
import io.chorus.protocol.Channels;
import io.chorus.protocol.PresenceBatch;
import io.chorus.protocol.RedisKeys;
import io.chorus.protocol.ViewerBatch;
import io.chorus.test.ChorusInfrastructure;
import io.chorus.test.TestTokens;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
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
@AutoConfigureWebTestClient(
        timeout = "20s") // a shared build machine stalls now and then; the answers, not their speed, are under test
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

    @Autowired
    LegacyHashConversion conversion;

    @Autowired
    InstanceLeases leases;

    @Autowired
    PresenceNotifier notifier;

    @Test
    void connectedDevicesAreFoundWithTheirInstance() {
        String instance = id("i");
        String user = id("u");
        batch(instance, online(user, "phone", 1), online(user, "laptop", 2));

        // a user asked twice is answered once
        lookup(List.of(user, id("nobody"), user))
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
    void anInstanceDeadForLongerThanTheRetentionIsForgotten() {
        String longGone = id("i");
        String recentlyDead = id("i");
        long now = System.currentTimeMillis();
        redis.opsForHash()
                .put(
                        PresenceKeys.INSTANCES,
                        longGone,
                        Long.toString(now - Duration.ofHours(2).toMillis()))
                .block();
        redis.opsForSet().add(RedisKeys.INSTANCES, longGone).block();
        redis.opsForHash()
                .put(
                        PresenceKeys.INSTANCES,
                        recentlyDead,
                        Long.toString(now - Duration.ofMinutes(5).toMillis()))
                .block();

        Map<String, InstanceLeases.Instance> known = leases.load().block();

        assertThat(known).doesNotContainKey(longGone).containsKey(recentlyDead);
        assertThat(known.get(recentlyDead).alive()).isFalse();
        assertThat(redis.opsForHash().hasKey(PresenceKeys.INSTANCES, longGone).block())
                .isFalse();
        assertThat(redis.opsForSet().isMember(RedisKeys.INSTANCES, longGone).block())
                .isFalse();
        assertThat(redis.opsForHash()
                        .hasKey(PresenceKeys.INSTANCES, recentlyDead)
                        .block())
                .isTrue();
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

        // the batches' own writes only: follower notifications (scripts too) wait until the count is taken
        notifier.stop();
        Map<String, Long> before;
        Map<String, Long> after;
        int batches = 0;
        try {
            before = commandCalls();
            for (int from = 0; from < burst.size(); from += 2_500) {
                batch(
                        instance,
                        burst.subList(from, Math.min(burst.size(), from + 2_500))
                                .toArray(PresenceBatch.Event[]::new));
                batches++;
            }
            after = commandCalls();
        } finally {
            notifier.start();
        }

        assertThat(batches).isLessThanOrEqualTo(5);
        // one script call per batch (100 users), at most one write per user and batch, whatever the events
        // (the first call after Redis started may find no cached script and send it once more)
        assertThat(delta(before, after, "evalsha", "eval")).isLessThanOrEqualTo(batches + 1);
        // at most one write per user and batch, plus the lease renewal's two
        assertThat(delta(before, after, "set", "del", "hset", "hdel", "hmset"))
                .isLessThanOrEqualTo((long) users.size() * batches + 2L * batches);
        assertThat(onlineCount(users)).isZero();
        assertThat(query(List.of(users.get(0)))
                        .get("users")
                        .get(0)
                        .get("lastSeen")
                        .asLong())
                .isEqualTo(1_000);
    }

    @Test
    void aDisconnectFromAnInstanceThatNoLongerHoldsTheDeviceIsIgnored() {
        String first = id("i");
        String second = id("i");
        String user = id("u");
        batch(first, online(user, "phone", 1));
        // the phone reconnects through another instance before the first one reports its disconnect
        batch(second, online(user, "phone", 2));
        batch(first, offline(user, "phone", 3));

        lookup(List.of(user))
                .jsonPath("$.users['" + user + "'].length()")
                .isEqualTo(1)
                .jsonPath("$.users['" + user + "'][0].instance")
                .isEqualTo(second);
    }

    @Test
    void devicesLeftOnADeadInstanceArePrunedByTheUsersNextBatch() {
        String dying = id("i");
        String alive = id("i");
        String user = id("u");
        batch(dying, online(user, "phone", 1));
        batch(alive); // known before the dying instance's lease expires
        await().atMost(Duration.ofSeconds(5)).until(() -> onlineCount(List.of(user)) == 0);

        // keep the live instance's lease fresh while the other one stays dead
        batch(alive, online(user, "laptop", 2));

        assertThat(redis.opsForValue().get("presence:{" + user + "}").block(Duration.ofSeconds(2)))
                .isEqualTo(";laptop=" + alive);
        lookup(List.of(user))
                .jsonPath("$.users['" + user + "'].length()")
                .isEqualTo(1)
                .jsonPath("$.users['" + user + "'][0].device")
                .isEqualTo("laptop");
    }

    @Test
    void lastSeenIsTheLastDeviceGoingOffline() {
        String instance = id("i");
        String user = id("u");
        batch(instance, online(user, "phone", 1), online(user, "laptop", 2));
        batch(instance, offline(user, "phone", 30));
        JsonNode stillOnline = query(List.of(user)).get("users").get(0);
        assertThat(stillOnline.get("online").asBoolean()).isTrue();
        assertThat(stillOnline.get("lastSeen").isNull()).isTrue();

        batch(instance, offline(user, "laptop", 40));
        web.get()
                .uri("/api/presence/{user}", user)
                .headers(headers -> headers.setBearerAuth(TestTokens.user("asker")))
                .exchange()
                .expectStatus()
                .isOk()
                .expectBody()
                .jsonPath("$.online")
                .isEqualTo(false)
                .jsonPath("$.lastSeen")
                .isEqualTo(40);

        // back online, then offline without a later disconnect time: last seen is kept, never lost
        batch(instance, online(user, "phone", 50));
        assertThat(query(List.of(user)).get("users").get(0).get("online").asBoolean())
                .isTrue();
        batch(instance, offline(user, "phone", 60));
        assertThat(query(List.of(user)).get("users").get(0).get("lastSeen").asLong())
                .isEqualTo(60);
    }

    @Test
    void aLookUpOfAThousandUsersIsExactAndCostsOneRedisCommand() {
        String here = id("i");
        String there = id("i");
        List<String> users = IntStream.range(0, 1_000).mapToObj(i -> id("u")).toList();
        List<PresenceBatch.Event> events = new ArrayList<>();
        for (int i = 0; i < users.size(); i++) {
            switch (i % 4) {
                case 0 -> events.add(online(users.get(i), "phone", i));
                case 1 -> {
                    events.add(online(users.get(i), "phone", i));
                    events.add(online(users.get(i), "laptop", i));
                }
                case 2 -> {
                    events.add(online(users.get(i), "phone", i));
                    events.add(offline(users.get(i), "phone", i + 1));
                }
                default -> {} // never seen
            }
        }
        batch(here, events.toArray(PresenceBatch.Event[]::new));
        // every fourth user also has a tablet through another instance
        batch(
                there,
                IntStream.range(0, users.size())
                        .filter(i -> i % 4 == 0)
                        .mapToObj(i -> online(users.get(i), "tablet", i))
                        .toArray(PresenceBatch.Event[]::new));

        Map<String, Long> before = commandCalls();
        JsonNode found = web.post()
                .uri("/internal/presence/lookup")
                .headers(headers -> headers.setBearerAuth(TestTokens.user("connection-service", "service")))
                .bodyValue(Map.of("users", users))
                .exchange()
                .expectStatus()
                .isOk()
                .expectBody(JsonNode.class)
                .returnResult()
                .getResponseBody()
                .get("users");
        Map<String, Long> after = commandCalls();

        assertThat(delta(before, after, "mget")).isEqualTo(1);
        // nothing per user (the lease cache may reload the instances meanwhile)
        assertThat(delta(before, after, "get", "hgetall")).isLessThan(20);
        assertThat(found.size()).isEqualTo(500);
        for (int i = 0; i < users.size(); i++) {
            JsonNode devices = found.get(users.get(i));
            switch (i % 4) {
                case 0 -> {
                    assertThat(devices.size()).isEqualTo(2);
                    assertThat(devices.get(0).get("device").asString()).isEqualTo("phone");
                    assertThat(devices.get(0).get("instance").asString()).isEqualTo(here);
                    assertThat(devices.get(1).get("device").asString()).isEqualTo("tablet");
                    assertThat(devices.get(1).get("instance").asString()).isEqualTo(there);
                }
                case 1 -> {
                    assertThat(devices.size()).isEqualTo(2);
                    assertThat(devices.findValuesAsString("device")).containsExactly("phone", "laptop");
                }
                default -> assertThat(devices).as(users.get(i)).isNull();
            }
        }
    }

    @Test
    void presenceStoredAsAHashByAnEarlierVersionIsConvertedOnTheNextBatch() {
        String instance = id("i");
        String user = id("u");
        batch(instance); // the instance is known and alive
        redis.<String, String>opsForHash()
                .putAll("presence:{" + user + "}", Map.of("d:phone", instance, "seen", "5"))
                .block(Duration.ofSeconds(2));

        batch(instance, online(user, "laptop", 6));

        assertThat(redis.opsForValue().get("presence:{" + user + "}").block(Duration.ofSeconds(2)))
                .isEqualTo("5;phone=" + instance + ";laptop=" + instance);
        lookup(List.of(user)).jsonPath("$.users['" + user + "'].length()").isEqualTo(2);
    }

    @Test
    void presenceStoredAsHashesIsConvertedWithoutWaitingForTheUsersNextBatch() {
        String instance = id("i");
        batch(instance);
        List<String> users = IntStream.range(0, 250).mapToObj(i -> id("u")).toList();
        for (String user : users) {
            redis.<String, String>opsForHash()
                    .putAll("presence:{" + user + "}", Map.of("d:phone", instance))
                    .block(Duration.ofSeconds(2));
        }
        String offline = users.get(0);
        redis.delete("presence:{" + offline + "}")
                .then(redis.<String, String>opsForHash().putAll("presence:{" + offline + "}", Map.of("seen", "77")))
                .block(Duration.ofSeconds(2));

        assertThat(conversion.convertAll().block(Duration.ofSeconds(30))).isGreaterThanOrEqualTo(250);
        assertThat(redis.hasKey("presence:format:string").block(Duration.ofSeconds(2)))
                .as("later start-ups skip the scan")
                .isTrue();

        lookup(users)
                .jsonPath("$.users.length()")
                .isEqualTo(249)
                .jsonPath("$.users['" + users.get(1) + "'][0].instance")
                .isEqualTo(instance);
        assertThat(query(List.of(offline)).get("users").get(0).get("lastSeen").asLong())
                .isEqualTo(77);
        // subscriptions and watchers are sets under the same prefix: untouched
        assertThat(conversion.convertAll().block(Duration.ofSeconds(30))).isZero();
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
                .headers(headers -> headers.setBearerAuth(TestTokens.user("connection-service", "service")))
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
    void aBurstOfChangesReachesEveryFollowerWithAFewCalls() {
        String instance = id("i");
        List<String> followers = IntStream.range(0, 3).mapToObj(i -> id("f")).toList();
        batch(instance, followers.stream().map(f -> online(f, "phone", 1)).toArray(PresenceBatch.Event[]::new));
        // three followers of 200 contacts each: 600 contacts, more than one chunk of the watchers script
        Map<String, String> followerOf = new HashMap<>();
        for (String follower : followers) {
            List<String> contacts =
                    IntStream.range(0, 200).mapToObj(i -> id("c")).toList();
            contacts.forEach(contact -> followerOf.put(contact, follower));
            web.put()
                    .uri("/api/presence/subscriptions")
                    .headers(headers -> headers.setBearerAuth(TestTokens.user(follower)))
                    .bodyValue(Map.of("users", contacts))
                    .exchange()
                    .expectStatus()
                    .isOk();
        }
        // and 1,000 changed users nobody follows
        List<String> unfollowed =
                IntStream.range(0, 1_000).mapToObj(i -> id("n")).toList();

        List<JsonNode> received = new CopyOnWriteArrayList<>();
        Disposable listener = redis.listenToChannel(Channels.instance(instance))
                .map(message -> json.readTree(message.getMessage()))
                .subscribe(received::add);
        try {
            // listening once a probe comes back
            await().atMost(Duration.ofSeconds(5)).until(() -> {
                redis.convertAndSend(Channels.instance(instance), "{\"probe\":true}")
                        .block(Duration.ofSeconds(2));
                return !received.isEmpty();
            });
            Map<String, Long> before = commandCalls();
            List<PresenceBatch.Event> events = new ArrayList<>();
            followerOf.keySet().forEach(contact -> events.add(online(contact, "laptop", 2)));
            unfollowed.forEach(user -> events.add(online(user, "laptop", 2)));
            batch(instance, events.toArray(PresenceBatch.Event[]::new));

            Map<String, String> delivered = new HashMap<>();
            await().atMost(Duration.ofSeconds(5)).until(() -> {
                delivered.clear();
                received.stream()
                        .filter(delivery -> !delivery.has("probe"))
                        .forEach(delivery -> delivered.put(
                                delivery.get("frame").get("user").asString(),
                                delivery.get("users").get(0).asString()));
                return delivered.size() == followerOf.size();
            });
            assertThat(delivered).containsExactlyInAnyOrderEntriesOf(followerOf);
            Map<String, Long> after = commandCalls();
            // 1,600 changes: the followers of 500 per script call (the batch's own scripts take 16 more)
            assertThat(delta(before, after, "evalsha", "eval")).isLessThanOrEqualTo(16 + 4 + 4);
            assertThat(delta(before, after, "publish")).isEqualTo(followerOf.size());
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
                .headers(headers -> headers.setBearerAuth(TestTokens.user("connection-service", "service")))
                .bodyValue(new PresenceBatch("i1", java.util.Arrays.asList(online("u1", "d", 1), null)))
                .exchange()
                .expectStatus()
                .isBadRequest();

        // ids that would break the stored form, too many look-ups or events, malformed bodies
        expectProblem("/internal/presence/batch", new PresenceBatch("i1", List.of(online("u1", "d;x=1", 1))));
        expectProblem("/internal/presence/batch", new PresenceBatch("i=1", List.of()));
        expectProblem(
                "/internal/presence/batch",
                new PresenceBatch(
                        "i1",
                        IntStream.range(0, 20_001)
                                .mapToObj(i -> online("u" + i, "d", i))
                                .toList()));
        expectProblem(
                "/internal/presence/lookup",
                Map.of("users", IntStream.range(0, 5_001).mapToObj(i -> "u" + i).toList()));
        expectProblem("/internal/presence/lookup", Map.of("users", List.of("ok", "")));
        expectProblem("/internal/presence/lookup", Map.of("members", List.of("u1")));
        expectProblem("/internal/presence/lookup", "{\"users\": 7}");

        // a client follows at most max-subscriptions (200) contacts
        web.put()
                .uri("/api/presence/subscriptions")
                .headers(headers -> headers.setBearerAuth(TestTokens.user("u1")))
                .bodyValue(Map.of(
                        "users", IntStream.range(0, 201).mapToObj(i -> "c" + i).toList()))
                .exchange()
                .expectStatus()
                .isBadRequest()
                .expectHeader()
                .contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON)
                .expectBody()
                .jsonPath("$.code")
                .isEqualTo("bad_request");
    }

    private void expectProblem(String path, Object body) {
        web.post()
                .uri(path)
                .headers(headers -> headers.setBearerAuth(TestTokens.user("connection-service", "service")))
                .contentType(MediaType.APPLICATION_JSON)
                .bodyValue(body)
                .exchange()
                .expectStatus()
                .isBadRequest()
                .expectHeader()
                .contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON)
                .expectBody()
                .jsonPath("$.code")
                .isEqualTo("bad_request");
    }

    private void batch(String instance, PresenceBatch.Event... events) {
        web.post()
                .uri("/internal/presence/batch")
                .headers(headers -> headers.setBearerAuth(TestTokens.user("connection-service", "service")))
                .bodyValue(new PresenceBatch(instance, List.of(events)))
                .exchange()
                .expectStatus()
                .isNoContent();
    }

    private void postViewers(ViewerBatch batch) {
        web.post()
                .uri("/internal/rooms/viewers")
                .headers(headers -> headers.setBearerAuth(TestTokens.user("connection-service", "service")))
                .bodyValue(batch)
                .exchange()
                .expectStatus()
                .isNoContent();
    }

    private WebTestClient.BodyContentSpec lookup(List<String> users) {
        return web.post()
                .uri("/internal/presence/lookup")
                .headers(headers -> headers.setBearerAuth(TestTokens.user("connection-service", "service")))
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

    /** Calls per Redis command so far (commands run by scripts included). */
    private Map<String, Long> commandCalls() {
        Properties stats = redis.getConnectionFactory()
                .getReactiveConnection()
                .serverCommands()
                .info("commandstats")
                .block(Duration.ofSeconds(2));
        Map<String, Long> calls = new HashMap<>();
        stats.forEach((name, value) -> {
            String first = value.toString().split(",")[0];
            calls.put(name.toString().replace("cmdstat_", ""), Long.parseLong(first.substring(first.indexOf('=') + 1)));
        });
        return calls;
    }

    private static long delta(Map<String, Long> before, Map<String, Long> after, String... commands) {
        long calls = 0;
        for (String command : commands) {
            calls += after.getOrDefault(command, 0L) - before.getOrDefault(command, 0L);
        }
        return calls;
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
