package io.chorus.room.support;

import io.chorus.test.TestTokens;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.client.reactive.ReactorClientHttpConnector;
import org.springframework.web.reactive.function.client.WebClient;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import reactor.netty.http.client.HttpClient;
import reactor.netty.resources.ConnectionProvider;

/**
 * Sends chat at a steady rate through {@code POST /api/rooms/{id}/messages}, spread over one or more
 * room-service instances and many senders, and collects every answer.
 */
public final class ChatLoad {

    /** One answer: the HTTP status, for 202 the message id and whether it was shed, else the problem code. */
    public record Answer(int index, boolean high, int status, String msgId, Boolean shed, String code) {

        public boolean accepted() {
            return status == 202;
        }

        /** 503 {@code unavailable}: the instance (or its Redis) did not answer in time; the sender retries. */
        public boolean unavailable() {
            return status == 503 && "unavailable".equals(code);
        }
    }

    private final List<WebClient> instances;
    private final String room;
    private final List<String> viewerTokens;
    private final List<String> highTokens;

    public ChatLoad(List<String> baseUrls, String room, List<String> viewerTokens, List<String> highTokens) {
        ConnectionProvider connections = ConnectionProvider.builder("chat-load")
                .maxConnections(1_000)
                .pendingAcquireMaxCount(-1)
                .build();
        var connector = new ReactorClientHttpConnector(HttpClient.create(connections));
        this.instances = baseUrls.stream()
                .map(url -> WebClient.builder()
                        .baseUrl(url)
                        .clientConnector(connector)
                        .build())
                .toList();
        this.room = room;
        this.viewerTokens = viewerTokens;
        this.highTokens = highTokens;
    }

    /**
     * Sends {@code perSecond} messages per second for {@code duration}; every {@code highEvery}-th message is
     * high priority (0: none).
     */
    public List<Answer> run(int perSecond, Duration duration, int highEvery) {
        long total = perSecond * duration.toMillis() / 1000;
        Duration period = Duration.ofNanos(1_000_000_000L / perSecond);
        return Flux.interval(period)
                .take(total)
                .onBackpressureBuffer()
                .flatMap(i -> send((int) (long) i, highEvery > 0 && i % highEvery == 0), 4_096)
                .collectList()
                .block(duration.plusSeconds(120));
    }

    private Mono<Answer> send(int index, boolean high) {
        String token = high ? highTokens.get(index % highTokens.size()) : viewerTokens.get(index % viewerTokens.size());
        WebClient instance = instances.get(index % instances.size());
        return instance.post()
                .uri("/api/rooms/{id}/messages", room)
                .header(HttpHeaders.AUTHORIZATION, TestTokens.bearer(token))
                .contentType(MediaType.APPLICATION_JSON)
                .bodyValue(Map.of("text", "message " + index))
                .exchangeToMono(response -> response.bodyToMono(Map.class)
                        .defaultIfEmpty(Map.of())
                        .map(body -> new Answer(
                                index,
                                high,
                                response.statusCode().value(),
                                (String) body.get("msgId"),
                                (Boolean) body.get("shed"),
                                (String) body.get("code"))));
    }
}
