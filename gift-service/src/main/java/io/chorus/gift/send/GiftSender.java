package io.chorus.gift.send;

import io.chorus.gift.config.GiftProperties;
import io.chorus.gift.web.GiftProblem;
import io.chorus.protocol.GiftSent;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import java.time.Duration;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Service;
import reactor.core.publisher.Mono;
import tools.jackson.databind.json.JsonMapper;

/**
 * Accepts a gift: validate, claim the idempotency key, check the room is open, produce {@link GiftSent} and
 * wait for Kafka's acknowledgement, then remember the answer for retries. Anything failing after the claim
 * releases it, so nothing is left behind and the client may retry.
 */
@Service
public class GiftSender {

    private static final Logger log = LoggerFactory.getLogger(GiftSender.class);
    private static final Pattern ROOM_ID = Pattern.compile("[A-Za-z0-9_.:-]{1,64}");
    private static final Pattern PRINTABLE = Pattern.compile("[\\x21-\\x7E]+");
    private static final Duration PENDING_POLL = Duration.ofMillis(25);

    private final GiftProperties properties;
    private final IdempotencyStore idempotency;
    private final RoomDirectory rooms;
    private final GiftEventProducer producer;
    private final JsonMapper json;
    private final Clock clock;
    private final Counter accepted;
    private final Counter replayed;

    GiftSender(
            GiftProperties properties,
            IdempotencyStore idempotency,
            RoomDirectory rooms,
            GiftEventProducer producer,
            JsonMapper json,
            MeterRegistry meters) {
        this.properties = properties;
        this.idempotency = idempotency;
        this.rooms = rooms;
        this.producer = producer;
        this.json = json;
        this.clock = Clock.systemUTC();
        this.accepted = GiftMetrics.sends(meters, "accepted");
        this.replayed = GiftMetrics.sends(meters, "replayed");
    }

    /** The receipt of an accepted (or replayed) send, or a {@link GiftProblem}. */
    public Mono<GiftReceipt> send(Sender sender, String room, String idempotencyKey, SendRequest request) {
        return Mono.fromCallable(() -> validate(room, idempotencyKey, request))
                .flatMap(valid ->
                        claimAndSend(sender, valid, properties.idempotency().inflightWait()));
    }

    private Valid validate(String room, String idempotencyKey, SendRequest request) {
        if (idempotencyKey == null || idempotencyKey.isEmpty()) {
            throw GiftProblem.badRequest("header Idempotency-Key is required");
        }
        if (idempotencyKey.length() > properties.idempotency().maxKeyLength()
                || !PRINTABLE.matcher(idempotencyKey).matches()) {
            throw GiftProblem.badRequest("Idempotency-Key must be 1 to "
                    + properties.idempotency().maxKeyLength() + " printable ASCII characters");
        }
        if (!ROOM_ID.matcher(room).matches()) {
            throw GiftProblem.badRequest("invalid room id");
        }
        GiftProperties.CatalogItem item = properties.item(request.gift());
        if (item == null) {
            throw GiftProblem.badRequest("unknown gift '" + request.gift() + "'");
        }
        long amount = request.amount();
        if (amount < 1 || amount > item.maxAmount()) {
            throw GiftProblem.badRequest("amount must be between 1 and " + item.maxAmount() + " for " + item.id());
        }
        String keyHash = GiftIds.keyHash(idempotencyKey);
        String bodyHash = GiftIds.bodyHash(room, item.id(), amount, request.to());
        return new Valid(room, idempotencyKey, keyHash, bodyHash, item.id(), amount, request.to());
    }

    private Mono<GiftReceipt> claimAndSend(Sender sender, Valid valid, Duration waitLeft) {
        String redisKey = IdempotencyStore.redisKey(sender.id(), valid.keyHash());
        String giftId = GiftIds.giftId(sender.id(), valid.keyHash(), valid.bodyHash());
        return idempotency.claim(redisKey, valid.bodyHash(), giftId).flatMap(claim -> switch (claim.state()) {
            case CLAIMED -> produce(sender, valid, redisKey, giftId);
            case DONE -> replay(claim.response());
            case CONFLICT -> Mono.error(GiftProblem.conflict("Idempotency-Key was used with another request body"));
            case PENDING -> waitForFirst(sender, valid, waitLeft);
        });
    }

    private Mono<GiftReceipt> waitForFirst(Sender sender, Valid valid, Duration waitLeft) {
        if (waitLeft.isNegative() || waitLeft.isZero()) {
            return Mono.error(GiftProblem.conflict("a request with this Idempotency-Key is still in flight"));
        }
        return Mono.delay(PENDING_POLL)
                .then(Mono.defer(() -> claimAndSend(sender, valid, waitLeft.minus(PENDING_POLL))));
    }

    private Mono<GiftReceipt> produce(Sender sender, Valid valid, String redisKey, String giftId) {
        return rooms.requireOpen(valid.room())
                .flatMap(open -> {
                    String to = valid.to() != null ? valid.to() : open.streamer();
                    GiftReceipt receipt = new GiftReceipt(
                            giftId, valid.room(), sender.id(), to, valid.gift(), valid.amount(), clock.millis());
                    GiftSent event = new GiftSent(
                            giftId,
                            valid.room(),
                            sender.id(),
                            sender.name(),
                            to,
                            valid.gift(),
                            valid.amount(),
                            valid.idempotencyKey(),
                            receipt.ts());
                    return producer.send(event)
                            .then(idempotency.complete(redisKey, giftId, json.writeValueAsString(receipt)))
                            .thenReturn(receipt);
                })
                .doOnNext(receipt -> {
                    accepted.increment();
                    log.debug("gift accepted: giftId={} room={} from={}", giftId, valid.room(), sender.id());
                })
                .onErrorResume(error -> idempotency
                        .release(redisKey, giftId)
                        .onErrorResume(releaseError -> Mono.empty())
                        .then(Mono.error(translate(error))));
    }

    private Mono<GiftReceipt> replay(String response) {
        replayed.increment();
        return Mono.fromCallable(() -> json.readValue(response, GiftReceipt.class));
    }

    private static Throwable translate(Throwable error) {
        if (error instanceof GiftProblem) {
            return error;
        }
        log.warn("gift not accepted: error={}", error.toString());
        return GiftProblem.unavailable("the gift could not be made durable; retry with the same Idempotency-Key");
    }

    /** The authenticated sender. */
    public record Sender(String id, String name) {}

    private record Valid(
            String room, String idempotencyKey, String keyHash, String bodyHash, String gift, long amount, String to) {}
}
