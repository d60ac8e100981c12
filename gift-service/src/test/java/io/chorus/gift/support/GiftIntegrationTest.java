package io.chorus.gift.support;

import io.chorus.protocol.RedisKeys;
import io.chorus.test.ChorusInfrastructure;
import io.chorus.test.TestTokens;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.boot.webtestclient.autoconfigure.AutoConfigureWebTestClient;
import org.springframework.core.env.Environment;
import org.springframework.data.redis.core.ReactiveStringRedisTemplate;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.reactive.server.WebTestClient;
import org.springframework.web.reactive.function.client.WebClient;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * gift-service against REAL Redis, Kafka and Cassandra (the shared fixture). Tests isolate themselves by
 * fresh room and user ids, never by wiping stores, so every test class shares one application context.
 */
@SpringBootTest(
        webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {"chorus.jwt.secret=" + TestTokens.SECRET, "logging.level.org.apache.kafka=WARN"})
@AutoConfigureWebTestClient
public abstract class GiftIntegrationTest {

    protected static final Duration SEQUENCED = Duration.ofSeconds(30);
    protected static final JsonMapper JSON = JsonMapper.builder().build();

    @DynamicPropertySource
    static void infrastructure(DynamicPropertyRegistry registry) {
        ChorusInfrastructure.registerProperties(registry);
    }

    @Autowired
    protected WebTestClient web;

    @Autowired
    protected ReactiveStringRedisTemplate redis;

    @Autowired
    protected Environment environment;

    @LocalServerPort
    protected int port;

    protected static String unique(String prefix) {
        return prefix + "-" + UUID.randomUUID().toString().substring(0, 12);
    }

    /** A live room as room-service records it, with its streamer. */
    protected String liveRoom(String streamer) {
        String room = unique("room");
        redis.opsForHash()
                .putAll(RedisKeys.room(room), Map.of("state", "live", "streamer", streamer, "title", "test"))
                .block(Duration.ofSeconds(5));
        return room;
    }

    protected void setRoomState(String room, String state) {
        redis.opsForHash().put(RedisKeys.room(room), "state", state).block(Duration.ofSeconds(5));
    }

    protected WebTestClient.ResponseSpec send(String token, String room, String key, String body) {
        var request = web.post()
                .uri("/api/rooms/{room}/gifts", room)
                .contentType(MediaType.APPLICATION_JSON)
                .header(HttpHeaders.AUTHORIZATION, "Bearer " + token);
        if (key != null) {
            request = request.header("Idempotency-Key", key);
        }
        return request.bodyValue(body).exchange();
    }

    protected static String body(String gift, long amount) {
        return "{\"gift\":\"" + gift + "\",\"amount\":" + amount + "}";
    }

    protected static String body(String gift, long amount, String to) {
        return "{\"gift\":\"" + gift + "\",\"amount\":" + amount + ",\"to\":\"" + to + "\"}";
    }

    /** Sends and expects 201; returns the gift id. */
    protected String sendOk(String token, String room, String key, String body) {
        JsonNode receipt = JSON.readTree(send(token, room, key, body)
                .expectStatus()
                .isCreated()
                .expectBody(String.class)
                .returnResult()
                .getResponseBody());
        return receipt.get("giftId").asText();
    }

    /** A reactive client for concurrent requests. */
    protected WebClient client() {
        return WebClient.builder().baseUrl("http://127.0.0.1:" + port).build();
    }

    /** Every gift of a room, pulled page by page. */
    protected List<JsonNode> pullAll(String room, int pageSize) {
        List<JsonNode> all = new ArrayList<>();
        long after = 0;
        while (true) {
            JsonNode page = JSON.readTree(web.get()
                    .uri("/api/rooms/{room}/gifts?after={after}&limit={limit}", room, after, pageSize)
                    .header(HttpHeaders.AUTHORIZATION, "Bearer " + TestTokens.user("reader"))
                    .exchange()
                    .expectStatus()
                    .isOk()
                    .expectBody(String.class)
                    .returnResult()
                    .getResponseBody());
            page.get("gifts").forEach(all::add);
            after = page.get("lastSeq").asLong();
            if (!page.get("hasMore").asBoolean()) {
                return all;
            }
        }
    }

    /** Waits until the room's stream holds at least {@code count} gifts, and returns them all. */
    protected List<JsonNode> awaitGifts(String room, int count) {
        return Poll.until(() -> pullAll(room, 1000), gifts -> gifts.size() >= count, SEQUENCED);
    }

    protected static List<Long> seqs(List<JsonNode> gifts) {
        return gifts.stream().map(gift -> gift.get("seq").asLong()).toList();
    }

    protected static List<Long> oneTo(long n) {
        List<Long> expected = new ArrayList<>();
        for (long i = 1; i <= n; i++) {
            expected.add(i);
        }
        return expected;
    }

    protected String redisHost() {
        return environment.getRequiredProperty("spring.data.redis.host");
    }

    protected int redisPort() {
        return environment.getRequiredProperty("spring.data.redis.port", Integer.class);
    }
}
