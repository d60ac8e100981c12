package io.chorus.gift.sequencer;

import io.chorus.gift.config.GiftProperties;
import io.chorus.gift.leaderboard.LeaderboardKeys;
import io.chorus.gift.stream.Appended;
import io.chorus.gift.stream.StreamListener;
import io.chorus.protocol.Channels;
import io.chorus.protocol.GiftSent;
import io.chorus.protocol.RedisKeys;
import io.chorus.protocol.ServerFrame;
import io.chorus.protocol.UserDelivery;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.data.redis.core.ReactiveStringRedisTemplate;
import org.springframework.data.redis.core.script.RedisScript;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Mono;
import tools.jackson.databind.json.JsonMapper;

/**
 * After a gift is stored: one Lua script per gift pushes the {@code gift} frame to the room channel (sharded
 * pub/sub) and adds the sender's score to the room's leaderboard, guarded by the room's "pushed up to"
 * watermark. A redelivered gift at or below the watermark changes nothing, so each gift is pushed and counted
 * exactly once while Redis keeps its data, in sequence order. Then, only when the script applied, the
 * recipient gets a {@code notify} for their gift inbox (see {@link RecipientNotifier}).
 */
@Component
class GiftFanout implements StreamListener<StoredGift> {

    private static final Logger log = LoggerFactory.getLogger(GiftFanout.class);

    private static final RedisScript<Long> PUSH = RedisScript.of(
            """
            local last = tonumber(redis.call('GET', KEYS[1]) or '0')
            if tonumber(ARGV[1]) <= last then return 0 end
            redis.call('SET', KEYS[1], ARGV[1], 'PX', ARGV[6])
            redis.call('ZINCRBY', KEYS[2], ARGV[4], ARGV[3])
            redis.call('PEXPIRE', KEYS[2], ARGV[6])
            if ARGV[5] ~= '' then
              redis.call('HSET', KEYS[3], ARGV[3], ARGV[5])
              redis.call('PEXPIRE', KEYS[3], ARGV[6])
            end
            redis.call('SPUBLISH', KEYS[4], ARGV[2])
            return 1
            """,
            Long.class);

    private final ReactiveStringRedisTemplate redis;
    private final JsonMapper json;
    private final GiftProperties properties;
    private final RecipientNotifier recipients;
    private final Counter pushed;
    private final Counter repeated;
    private final Timer lag;

    GiftFanout(
            ReactiveStringRedisTemplate redis,
            JsonMapper json,
            GiftProperties properties,
            RecipientNotifier recipients,
            MeterRegistry meters) {
        this.redis = redis;
        this.json = json;
        this.properties = properties;
        this.recipients = recipients;
        this.pushed = Counter.builder(SequencerMetrics.PUSHED)
                .description("gift frames published to room channels")
                .register(meters);
        this.repeated = Counter.builder(SequencerMetrics.PUSH_SKIPPED)
                .description("redelivered gifts already pushed (not pushed again)")
                .register(meters);
        this.lag = Timer.builder(SequencerMetrics.LAG)
                .description("from acceptance (201) to the push on the room channel")
                .register(meters);
    }

    @Override
    public Mono<Void> stored(Appended<StoredGift> appended) {
        StoredGift gift = appended.record();
        GiftSent event = gift.event();
        String frame = json.writeValueAsString(gift.frame());
        List<String> keys = List.of(
                LeaderboardKeys.pushedUpTo(event.room()),
                LeaderboardKeys.leaders(event.room()),
                LeaderboardKeys.names(event.room()),
                Channels.room(event.room()));
        List<String> args = List.of(
                Long.toString(gift.seq()),
                frame,
                event.from(),
                Long.toString(score(event)),
                event.fromName() == null ? "" : event.fromName(),
                Long.toString(properties.leaderboard().ttl().toMillis()));
        return redis.execute(PUSH, keys, args)
                .next()
                .timeout(properties.requestTimeout())
                .flatMap(applied -> applied == 1L ? afterPush(gift) : skipped(gift));
    }

    private Mono<Void> afterPush(StoredGift gift) {
        pushed.increment();
        lag.record(Math.max(0, System.currentTimeMillis() - gift.event().ts()), TimeUnit.MILLISECONDS);
        return recipients.notify(gift);
    }

    private Mono<Void> skipped(StoredGift gift) {
        repeated.increment();
        log.debug("gift already pushed: room={} seq={}", gift.event().room(), gift.seq());
        return Mono.empty();
    }

    private long score(GiftSent event) {
        GiftProperties.CatalogItem item = properties.item(event.gift());
        return event.amount() * (item == null ? 1 : item.value());
    }

    /**
     * Tells the recipient's devices that their gift inbox grew: {@code notify {conv: "gifts", seq: <inbox seq>}}
     * as a {@link UserDelivery} on the (sharded) delivery channel of every live connection-service instance (the set
     * {@link RedisKeys#INSTANCES}); an instance delivers it only to devices of the user it holds. Until
     * presence-service answers "which instances hold this user", this broadcast is the look-up; gifts are rare
     * enough for it. A lost notify is harmless: the inbox is pulled.
     */
    @Component
    static class RecipientNotifier {

        static final String INBOX_CONV = "gifts";

        /** Instance channels are sharded (connection-service SSUBSCRIBEs them), like room channels. */
        private static final RedisScript<Long> SHARDED_PUBLISH =
                RedisScript.of("return redis.call('SPUBLISH', KEYS[1], ARGV[1])", Long.class);

        private final ReactiveStringRedisTemplate redis;
        private final JsonMapper json;
        private final Duration timeout;
        private final Counter failed;

        RecipientNotifier(
                ReactiveStringRedisTemplate redis, JsonMapper json, GiftProperties properties, MeterRegistry meters) {
            this.redis = redis;
            this.json = json;
            this.timeout = properties.requestTimeout();
            this.failed = Counter.builder(SequencerMetrics.NOTIFY_FAILED)
                    .description("recipient notifications that could not be published (the inbox pull recovers)")
                    .register(meters);
        }

        Mono<Void> notify(StoredGift gift) {
            if (gift.event().to() == null || gift.inboxSeq() == null) {
                return Mono.empty();
            }
            UserDelivery delivery =
                    new UserDelivery(List.of(gift.event().to()), new ServerFrame.Notify(INBOX_CONV, gift.inboxSeq()));
            String payload = json.writeValueAsString(delivery);
            return redis.opsForSet()
                    .members(RedisKeys.INSTANCES)
                    .flatMap(instance ->
                            redis.execute(SHARDED_PUBLISH, List.of(Channels.instance(instance)), List.of(payload)))
                    .then()
                    .timeout(timeout)
                    .onErrorResume(error -> {
                        failed.increment();
                        log.warn(
                                "recipient not notified: user={} error={}",
                                gift.event().to(),
                                error.toString());
                        return Mono.empty();
                    });
        }
    }
}
