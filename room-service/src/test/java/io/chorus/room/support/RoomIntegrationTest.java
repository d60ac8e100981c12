package io.chorus.room.support;

import io.chorus.test.ChorusInfrastructure;
import io.chorus.test.TestTokens;
import io.lettuce.core.RedisClient;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.http.client.reactive.ReactorClientHttpConnector;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.web.reactive.server.WebTestClient;
import org.springframework.web.reactive.function.client.WebClient;
import reactor.core.publisher.Mono;
import reactor.netty.http.client.HttpClient;
import reactor.netty.resources.ConnectionProvider;

/**
 * Base of room-service integration tests: the whole service on a random port against REAL Redis (from
 * {@link ChorusInfrastructure}), tokens signed with the test secret, a Lettuce subscriber for room channels.
 * Every test uses fresh room ids, so tests never see each other's data.
 */
@SpringBootTest(
        webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {
            "chorus.jwt.secret=" + TestTokens.SECRET,
            "chorus.room.presence.base-url=http://127.0.0.1:9",
            "chorus.room.presence.timeout=200ms",
            // the build machine is shared and often starved: generous timeouts keep answers about the route
            // layer's logic rather than about the machine's stalls
            "spring.data.redis.timeout=10s",
            "chorus.room.chat.ack-timeout=10s"
        })
public abstract class RoomIntegrationTest {

    @DynamicPropertySource
    static void infrastructure(DynamicPropertyRegistry registry) {
        ChorusInfrastructure.registerProperties(registry);
    }

    /**
     * The service's REST client: a new connection per request. Reactor Netty 1.3.6 and 1.3.7 can stop reading a
     * kept-alive connection when a request that arrived before the previous response's operations terminated is
     * answered synchronously (reactor/reactor-netty#4361; a request then hangs until the client's timeout); this
     * suite asserts the API, not keep-alive, so its client does not reuse connections. The exposure of kept-alive
     * production clients is documented in room-service's README.
     */
    protected WebTestClient web;

    @LocalServerPort
    protected int port;

    @BeforeEach
    void restClient() {
        web = WebTestClient.bindToServer(
                        new ReactorClientHttpConnector(HttpClient.create(ConnectionProvider.newConnection())))
                .baseUrl("http://127.0.0.1:" + port)
                .responseTimeout(Duration.ofSeconds(10))
                .build();
    }

    @Autowired
    protected LettuceConnectionFactory redisConnectionFactory;

    protected RedisClient redisClient() {
        return (RedisClient) redisConnectionFactory.getRequiredNativeClient();
    }

    protected RoomChannelListener listen(String room) {
        return new RoomChannelListener(redisClient(), room);
    }

    protected static String uniqueId(String prefix) {
        return prefix + "-" + UUID.randomUUID().toString().substring(0, 12);
    }

    /** Creates a live room owned by {@code streamer} and returns its id. */
    protected String createRoom(String streamer) {
        String id = uniqueId("room");
        web.post()
                .uri("/api/rooms")
                .header(HttpHeaders.AUTHORIZATION, TestTokens.bearer(TestTokens.user(streamer, "streamer")))
                .contentType(MediaType.APPLICATION_JSON)
                .bodyValue(Map.of("id", id, "title", "Room " + id))
                .exchange()
                .expectStatus()
                .isCreated();
        return id;
    }

    protected void patchRoom(String room, String streamer, Map<String, Object> settings) {
        web.patch()
                .uri("/api/rooms/{id}", room)
                .header(HttpHeaders.AUTHORIZATION, TestTokens.bearer(TestTokens.user(streamer, "streamer")))
                .contentType(MediaType.APPLICATION_JSON)
                .bodyValue(settings)
                .exchange()
                .expectStatus()
                .isOk();
    }

    /** Sends a chat message without waiting, for tests that need messages in flight together. */
    protected Mono<ResponseEntity<String>> chatAsync(String room, String token, String text) {
        return WebClient.create("http://localhost:" + port)
                .post()
                .uri("/api/rooms/{id}/messages", room)
                .header(HttpHeaders.AUTHORIZATION, TestTokens.bearer(token))
                .contentType(MediaType.APPLICATION_JSON)
                .bodyValue(Map.of("text", text))
                .exchangeToMono(response -> response.toEntity(String.class));
    }

    protected WebTestClient.ResponseSpec chat(String room, String token, String text) {
        return web.post()
                .uri("/api/rooms/{id}/messages", room)
                .header(HttpHeaders.AUTHORIZATION, TestTokens.bearer(token))
                .contentType(MediaType.APPLICATION_JSON)
                .bodyValue(Map.of("text", text))
                .exchange();
    }

    /** Asserts a problem+json answer with this status and code. */
    protected static WebTestClient.BodyContentSpec expectProblem(
            WebTestClient.ResponseSpec response, int status, String code) {
        return response.expectStatus()
                .isEqualTo(status)
                .expectHeader()
                .contentTypeCompatibleWith(MediaType.APPLICATION_PROBLEM_JSON)
                .expectBody()
                .jsonPath("$.status")
                .isEqualTo(status)
                .jsonPath("$.code")
                .isEqualTo(code)
                .jsonPath("$.type")
                .isNotEmpty()
                .jsonPath("$.title")
                .isNotEmpty()
                .jsonPath("$.detail")
                .isNotEmpty();
    }

    protected static final Duration DELIVERY = Duration.ofSeconds(3);
}
