package io.chorus.connection.upstream;

import java.time.Duration;
import org.springframework.web.reactive.function.client.WebClient;
import reactor.core.publisher.Mono;
import tools.jackson.databind.json.JsonMapper;

/** presence-service: {@code GET /internal/rooms/{room}/viewers} → {@code {"room", "viewers"}}. */
public final class PresenceServiceClient extends CountClient {

    public PresenceServiceClient(WebClient web, UpstreamGuard guard, JsonMapper mapper, Duration timeout) {
        super(web, guard, mapper, timeout, "/internal/rooms/{room}/viewers", "viewers");
    }

    /** The room's approximate viewer count; empty when presence-service did not answer in time. */
    public Mono<Long> viewers(String room) {
        return read(room);
    }
}
