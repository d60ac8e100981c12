package io.chorus.gift.send;

import io.chorus.gift.config.GiftProperties;
import io.chorus.protocol.GiftSent;
import io.chorus.protocol.Topics;
import java.time.Duration;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Mono;
import reactor.core.scheduler.Schedulers;
import tools.jackson.databind.json.JsonMapper;

/**
 * Produces {@link GiftSent} to {@link Topics#GIFTS}, keyed by room so one partition (and one sequencer) owns
 * a room. Completes only when the broker acknowledged the record with acks=all (idempotent producer, see
 * application.yml); that acknowledgement is what makes a send durable.
 */
@Component
class GiftEventProducer {

    private final KafkaTemplate<String, String> kafka;
    private final JsonMapper json;
    private final Duration timeout;

    GiftEventProducer(KafkaTemplate<String, String> kafka, JsonMapper json, GiftProperties properties) {
        this.kafka = kafka;
        this.json = json;
        this.timeout = properties.sendTimeout();
    }

    Mono<Void> send(GiftSent event) {
        // KafkaProducer.send may wait for metadata or buffer space: keep it off the event loop.
        return Mono.fromFuture(() -> kafka.send(Topics.GIFTS, event.room(), json.writeValueAsString(event)))
                .subscribeOn(Schedulers.boundedElastic())
                .timeout(timeout)
                .then();
    }
}
