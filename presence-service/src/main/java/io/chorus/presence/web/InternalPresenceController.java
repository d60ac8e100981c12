package io.chorus.presence.web;

import io.chorus.presence.config.PresenceProperties;
import io.chorus.presence.device.DevicePresenceStore;
import io.chorus.presence.subscription.PresenceNotifier;
import io.chorus.presence.viewers.ViewerCounter;
import io.chorus.protocol.PresenceBatch;
import io.chorus.protocol.ViewerBatch;
import io.chorus.protocol.ViewerCount;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.List;
import java.util.Map;
import org.springframework.core.io.buffer.DataBuffer;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.server.ServerWebExchange;
import reactor.core.publisher.Mono;
import tools.jackson.databind.json.JsonMapper;

/** Service-to-service API (role {@code service}); never routed by the gateway. */
@RestController
class InternalPresenceController {

    private final DevicePresenceStore store;
    private final PresenceNotifier notifier;
    private final ViewerCounter viewers;
    private final PresenceProperties properties;
    private final JsonMapper json;
    private final Counter events;
    private final Counter batches;

    InternalPresenceController(
            DevicePresenceStore store,
            PresenceNotifier notifier,
            ViewerCounter viewers,
            PresenceProperties properties,
            JsonMapper json,
            MeterRegistry meters) {
        this.store = store;
        this.notifier = notifier;
        this.viewers = viewers;
        this.properties = properties;
        this.json = json;
        this.events = Counter.builder("chat.presence.events")
                .description("Connect and disconnect events received")
                .register(meters);
        this.batches = Counter.builder("chat.presence.batches")
                .description("Presence batches received")
                .register(meters);
    }

    @PostMapping("/internal/presence/batch")
    @ResponseStatus(HttpStatus.NO_CONTENT)
    Mono<Void> batch(@RequestBody PresenceBatch batch) {
        return Mono.fromCallable(() -> validate(batch))
                .flatMap(store::apply)
                .doOnNext(notifier::offer)
                .then();
    }

    /**
     * Where users are online, for fan-out: {@code {"users":{user:[{device, instance}]}}}, online users only.
     * The hottest call of the service: the answer is streamed from Redis's bytes into the response buffer
     * ({@link LocationsJson}).
     */
    @PostMapping("/internal/presence/lookup")
    Mono<ResponseEntity<DataBuffer>> lookup(
            @RequestBody PresenceController.UserList request, ServerWebExchange exchange) {
        return Mono.fromCallable(() -> Ids.requireAll("users", request.users(), properties.maxLookupUsers()))
                .flatMap(store::locate)
                .map(locations -> ResponseEntity.ok()
                        .contentType(MediaType.APPLICATION_JSON)
                        .body(LocationsJson.write(
                                locations, json, exchange.getResponse().bufferFactory())));
    }

    @PostMapping("/internal/rooms/viewers")
    @ResponseStatus(HttpStatus.NO_CONTENT)
    Mono<Void> viewers(@RequestBody ViewerBatch batch) {
        return Mono.fromCallable(() -> validate(batch)).flatMap(viewers::record);
    }

    @GetMapping("/internal/rooms/{room}/viewers")
    Mono<ViewerCount> viewerCount(@PathVariable String room) {
        return Mono.fromCallable(() -> Ids.require("room", room))
                .flatMap(viewers::count)
                .map(count -> new ViewerCount(room, count));
    }

    private PresenceBatch validate(PresenceBatch batch) {
        Ids.require("instance", batch.instance());
        if (batch.events() == null) {
            throw ApiException.badRequest("events is required");
        }
        if (batch.events().size() > properties.maxBatchEvents()) {
            throw ApiException.badRequest("at most " + properties.maxBatchEvents() + " events per batch");
        }
        for (PresenceBatch.Event event : batch.events()) {
            if (event == null) {
                throw ApiException.badRequest("events must not contain null");
            }
            Ids.require("user", event.user());
            Ids.require("device", event.device());
        }
        batches.increment();
        events.increment(batch.events().size());
        return batch;
    }

    private Map<String, List<String>> validate(ViewerBatch batch) {
        if (batch.rooms() == null) {
            throw ApiException.badRequest("rooms is required");
        }
        int total = 0;
        for (Map.Entry<String, List<String>> room : batch.rooms().entrySet()) {
            Ids.require("room", room.getKey());
            total += Ids.requireAll("users", room.getValue(), properties.maxBatchEvents())
                    .size();
        }
        if (total > properties.maxBatchEvents()) {
            throw ApiException.badRequest("at most " + properties.maxBatchEvents() + " viewers per batch");
        }
        return batch.rooms();
    }
}
