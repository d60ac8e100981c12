package io.chorus.gift.sequencer;

import io.chorus.gift.config.GiftProperties;
import io.chorus.gift.leaderboard.LeaderboardKeys;
import io.chorus.gift.leaderboard.LeaderboardRebuilder;
import io.chorus.protocol.Channels;
import io.chorus.protocol.GiftSent;
import io.chorus.protocol.ServerFrame;
import io.chorus.stream.Appended;
import io.chorus.stream.StreamListener;
import io.chorus.stream.notify.Notification;
import io.chorus.stream.notify.UserNotifier;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.data.redis.core.ReactiveStringRedisTemplate;
import org.springframework.data.redis.core.script.RedisScript;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import tools.jackson.databind.json.JsonMapper;

/**
 * After a room's run of gifts is stored: one Lua script (per {@link #SCRIPT_RUN} gifts) pushes each {@code gift}
 * frame to the room channel (sharded pub/sub) and adds each sender's score to the room's leaderboard, guarded
 * by the room's "pushed up to" and "counted up to" watermarks. A redelivered gift at or below them changes
 * nothing, so each gift is pushed and counted exactly once, in sequence order. A board Redis lost is rebuilt
 * from Cassandra ({@link LeaderboardRebuilder}), never counted into from a partial state. Then the recipients of
 * the gifts pushed now get a {@code notify} for their gift inbox (see {@link RecipientNotifier}).
 */
@Component
class GiftFanout implements StreamListener<StoredGift> {

    private static final Logger log = LoggerFactory.getLogger(GiftFanout.class);

    /**
     * KEYS: pushed watermark, counted watermark, leaders, names, room channel. ARGV: ttl millis, then per gift
     * (ascending seq): seq, frame, user, score, name. A gift above the pushed watermark is published; a gift right
     * after the counted watermark is added to the board (the first gift of a room starts the board). A board whose
     * counted watermark is gone, or a gap, is not counted into: the reply asks for a rebuild from Cassandra.
     * Returns {pushed watermark before the call, 1 if the board needs a rebuild else 0}.
     */
    private static final RedisScript<List> PUSH = RedisScript.of(
            """
            local pushed = tonumber(redis.call('GET', KEYS[1]) or '0')
            local countedRaw = redis.call('GET', KEYS[2])
            local counting = countedRaw ~= false
            local counted = tonumber(countedRaw or '0')
            local lastPushed = pushed
            local lastCounted = counted
            local lost = 0
            for i = 2, #ARGV, 5 do
              local seq = tonumber(ARGV[i])
              if seq > lastPushed then
                redis.call('SPUBLISH', KEYS[5], ARGV[i + 1])
                lastPushed = seq
              end
              if not counting and seq == 1 then
                redis.call('DEL', KEYS[3], KEYS[4])
                counting = true
              end
              if counting and seq == lastCounted + 1 then
                redis.call('ZINCRBY', KEYS[3], ARGV[i + 3], ARGV[i + 2])
                if ARGV[i + 4] ~= '' then redis.call('HSET', KEYS[4], ARGV[i + 2], ARGV[i + 4]) end
                lastCounted = seq
              elseif seq > lastCounted then
                lost = 1
              end
            end
            if lastPushed > pushed then
              redis.call('SET', KEYS[1], lastPushed, 'PX', ARGV[1])
            end
            if lastCounted > counted then
              redis.call('SET', KEYS[2], lastCounted, 'PX', ARGV[1])
              redis.call('PEXPIRE', KEYS[3], ARGV[1])
              redis.call('PEXPIRE', KEYS[4], ARGV[1])
            end
            return {pushed, lost}
            """,
            List.class);

    /** Most gifts pushed by one script call (it holds Redis while it runs). */
    static final int SCRIPT_RUN = 64;

    private final ReactiveStringRedisTemplate redis;
    private final JsonMapper json;
    private final GiftProperties properties;
    private final RecipientNotifier recipients;
    private final LeaderboardRebuilder rebuilder;
    private final Counter pushed;
    private final Counter repeated;
    private final Timer lag;

    GiftFanout(
            ReactiveStringRedisTemplate redis,
            JsonMapper json,
            GiftProperties properties,
            RecipientNotifier recipients,
            LeaderboardRebuilder rebuilder,
            MeterRegistry meters) {
        this.redis = redis;
        this.json = json;
        this.properties = properties;
        this.recipients = recipients;
        this.rebuilder = rebuilder;
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
        return storedAll(List.of(appended));
    }

    /** Script calls for the room's run: push and count what is above the watermark, then notify recipients. */
    @Override
    public Mono<Void> storedAll(List<Appended<StoredGift>> run) {
        List<List<Appended<StoredGift>>> parts = new ArrayList<>();
        for (int from = 0; from < run.size(); from += SCRIPT_RUN) {
            parts.add(run.subList(from, Math.min(run.size(), from + SCRIPT_RUN)));
        }
        return Flux.fromIterable(parts).concatMap(this::push).then();
    }

    private Mono<Void> push(List<Appended<StoredGift>> run) {
        String room = run.get(0).record().event().room();
        List<String> keys = List.of(
                LeaderboardKeys.pushedUpTo(room),
                LeaderboardKeys.countedUpTo(room),
                LeaderboardKeys.leaders(room),
                LeaderboardKeys.names(room),
                Channels.room(room));
        List<String> args = new ArrayList<>(1 + 5 * run.size());
        args.add(Long.toString(properties.leaderboard().ttl().toMillis()));
        for (Appended<StoredGift> appended : run) {
            StoredGift gift = appended.record();
            GiftSent event = gift.event();
            args.add(Long.toString(gift.seq()));
            args.add(json.writeValueAsString(gift.frame()));
            args.add(event.from());
            args.add(Long.toString(properties.score(event.gift(), event.amount())));
            args.add(event.fromName() == null ? "" : event.fromName());
        }
        return redis.execute(PUSH, keys, args)
                .next()
                .timeout(properties.requestTimeout())
                .flatMap(reply -> {
                    if (((Number) reply.get(1)).longValue() == 1) {
                        rebuilder.rebuildInBackground(room);
                    }
                    return afterPush(run, ((Number) reply.get(0)).longValue());
                });
    }

    private Mono<Void> afterPush(List<Appended<StoredGift>> run, long before) {
        List<StoredGift> now = new ArrayList<>(run.size());
        long last = before;
        long millis = System.currentTimeMillis();
        for (Appended<StoredGift> appended : run) {
            StoredGift gift = appended.record();
            if (gift.seq() > last) {
                now.add(gift);
                last = gift.seq();
                lag.record(Math.max(0, millis - gift.event().ts()), TimeUnit.MILLISECONDS);
            } else {
                log.debug("gift already pushed: room={} seq={}", gift.event().room(), gift.seq());
            }
        }
        pushed.increment(now.size());
        repeated.increment(run.size() - now.size());
        return recipients.notify(now);
    }

    /**
     * Tells each recipient's devices that their gift inbox grew: {@code notify {conv: "gifts", seq: <inbox seq>}},
     * through the shared notify path ({@link UserNotifier}: a presence look-up, then the delivery channels of the
     * instances holding the recipient). A lost notify is harmless: the inbox is pulled.
     */
    @Component
    static class RecipientNotifier {

        static final String INBOX_CONV = "gifts";

        private final UserNotifier notifier;

        RecipientNotifier(UserNotifier notifier) {
            this.notifier = notifier;
        }

        /** One {@code notify} per recipient of the run, carrying the recipient's highest new inbox seq. */
        Mono<Void> notify(List<StoredGift> gifts) {
            Map<String, Long> highest = new LinkedHashMap<>();
            for (StoredGift gift : gifts) {
                if (gift.event().to() != null && gift.inboxSeq() != null) {
                    highest.merge(gift.event().to(), gift.inboxSeq(), Math::max);
                }
            }
            if (highest.isEmpty()) {
                return Mono.empty();
            }
            List<Notification> notifications = new ArrayList<>(highest.size());
            highest.forEach(
                    (user, seq) -> notifications.add(new Notification(user, new ServerFrame.Notify(INBOX_CONV, seq))));
            return notifier.deliver(notifications).then();
        }
    }
}
