package io.chorus.stream.notify;

import io.chorus.protocol.DeviceLocation;
import io.chorus.service.security.ServiceTokens;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.springframework.http.MediaType;
import org.springframework.web.reactive.function.client.WebClient;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * Asks presence-service: {@code POST /internal/presence/lookup {users}} with a service token, at most
 * {@code chunk} users per call (presence-service's limit), the calls of one look-up running concurrently.
 */
public final class PresenceLocator implements UserLocator {

    /** presence-service's documented limit of users per look-up. */
    public static final int DEFAULT_CHUNK = 1000;

    private final WebClient client;
    private final Duration timeout;
    private final int chunk;

    /**
     * @param builder a WebClient builder (Boot's, so codecs and observations are the service's)
     * @param baseUrl presence-service's base URL
     * @param tokens the calling service's tokens
     * @param timeout the limit of one look-up, all chunks included
     * @param chunk most users per call
     */
    public PresenceLocator(
            WebClient.Builder builder, String baseUrl, ServiceTokens tokens, Duration timeout, int chunk) {
        if (chunk < 1) {
            throw new IllegalArgumentException("chunk must be positive");
        }
        this.client = builder.clone().baseUrl(baseUrl).filter(tokens.filter()).build();
        this.timeout = timeout;
        this.chunk = chunk;
    }

    @Override
    public Mono<Map<String, List<DeviceLocation>>> locate(List<String> users) {
        if (users.isEmpty()) {
            return Mono.just(Map.of());
        }
        List<List<String>> chunks = new ArrayList<>();
        for (int from = 0; from < users.size(); from += chunk) {
            chunks.add(users.subList(from, Math.min(users.size(), from + chunk)));
        }
        return Flux.fromIterable(chunks)
                .flatMap(this::call, 4)
                .reduce(new HashMap<String, List<DeviceLocation>>(), (all, part) -> {
                    all.putAll(part);
                    return all;
                })
                .<Map<String, List<DeviceLocation>>>map(all -> all)
                .timeout(timeout);
    }

    private Mono<Map<String, List<DeviceLocation>>> call(List<String> users) {
        return client.post()
                .uri("/internal/presence/lookup")
                .contentType(MediaType.APPLICATION_JSON)
                .bodyValue(new UserList(users))
                .retrieve()
                .bodyToMono(Locations.class)
                .map(locations -> locations.users() == null ? Map.of() : locations.users());
    }

    /** The request body. */
    record UserList(List<String> users) {}

    /** The reply: online devices per user; offline users absent. */
    record Locations(Map<String, List<DeviceLocation>> users) {}
}
