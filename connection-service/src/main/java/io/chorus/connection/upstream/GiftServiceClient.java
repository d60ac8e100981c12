package io.chorus.connection.upstream;

import java.time.Duration;
import org.springframework.web.reactive.function.client.WebClient;
import reactor.core.publisher.Mono;
import tools.jackson.databind.json.JsonMapper;

/** gift-service: {@code GET /internal/rooms/{room}/gift-seq} → {@code {"room", "lastSeq"}}. */
public final class GiftServiceClient extends CountClient {

    public GiftServiceClient(WebClient web, UpstreamGuard guard, JsonMapper mapper, Duration timeout) {
        super(web, guard, mapper, timeout, "/internal/rooms/{room}/gift-seq", "lastSeq");
    }

    /** The room's latest gift sequence number; empty when gift-service did not answer in time. */
    public Mono<Long> lastSeq(String room) {
        return read(room);
    }
}
