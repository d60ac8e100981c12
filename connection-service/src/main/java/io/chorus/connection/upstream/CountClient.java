package io.chorus.connection.upstream;

import java.time.Duration;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.MediaType;
import org.springframework.web.reactive.function.client.WebClient;
import reactor.core.publisher.Mono;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Reads one number about a room from another service's internal API, with a timeout; empty when it does not
 * answer in time or answers anything but 2xx with the number. Calls go through the service's circuit breaker
 * ({@link UpstreamGuard}).
 */
abstract class CountClient {

    private static final Logger log = LoggerFactory.getLogger(CountClient.class);

    private final WebClient web;
    private final UpstreamGuard guard;
    private final JsonMapper mapper;
    private final Duration timeout;
    private final String path;
    private final String field;

    CountClient(WebClient web, UpstreamGuard guard, JsonMapper mapper, Duration timeout, String path, String field) {
        this.web = web;
        this.guard = guard;
        this.mapper = mapper;
        this.timeout = timeout;
        this.path = path;
        this.field = field;
    }

    Mono<Long> read(String room) {
        return guard.call(
                () -> web.get()
                        .uri(path, room)
                        .accept(MediaType.APPLICATION_JSON)
                        .retrieve()
                        .bodyToMono(byte[].class)
                        .map(this::parse)
                        .timeout(timeout),
                error -> {
                    log.debug("count unavailable: path={} room={} error={}", path, room, error.toString());
                    return Mono.empty();
                });
    }

    private Long parse(byte[] body) {
        JsonNode value = mapper.readTree(body).path(field);
        if (!value.canConvertToLong()) {
            throw new IllegalStateException(field + " missing");
        }
        return value.asLong();
    }
}
