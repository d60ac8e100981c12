package io.chorus.room.presence;

import io.chorus.protocol.ViewerCount;
import io.chorus.room.config.RoomProperties;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpHeaders;
import org.springframework.stereotype.Component;
import org.springframework.web.reactive.function.client.WebClient;
import reactor.core.publisher.Mono;

/** Asks presence-service for a room's live viewer count, with a short timeout; empty when it does not answer. */
@Component
public class PresenceClient {

    private static final Logger log = LoggerFactory.getLogger(PresenceClient.class);

    private final WebClient web;
    private final RoomProperties.Presence properties;

    public PresenceClient(RoomProperties properties) {
        this.properties = properties.presence();
        this.web = WebClient.builder()
                .baseUrl(this.properties.baseUrl().toString())
                .build();
    }

    /** The viewer count, or empty when presence is down, slow or does not know the room. */
    public Mono<Long> viewers(String room, String authorization) {
        return web.get()
                .uri("/internal/rooms/{room}/viewers", room)
                .headers(headers -> {
                    if (authorization != null) {
                        headers.set(HttpHeaders.AUTHORIZATION, authorization);
                    }
                })
                .retrieve()
                .bodyToMono(ViewerCount.class)
                .map(ViewerCount::viewers)
                .timeout(properties.timeout())
                .onErrorResume(e -> omitted(room, e));
    }

    private static Mono<Long> omitted(String room, Throwable e) {
        log.debug("viewer count omitted: room={} error={}", room, e.toString());
        return Mono.empty();
    }
}
