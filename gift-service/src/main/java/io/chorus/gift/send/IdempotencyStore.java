package io.chorus.gift.send;

import io.chorus.gift.config.GiftProperties;
import java.time.Duration;
import java.util.List;
import org.springframework.data.redis.core.ReactiveStringRedisTemplate;
import org.springframework.data.redis.core.script.RedisScript;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Mono;

/**
 * Idempotency records of sends in Redis: one hash per (sender, key) holding the body hash, the gift id, the
 * state ({@code pending} while the first request is in flight, then {@code done}) and the answer. The claim is
 * one Lua script, so of two concurrent requests with the same key exactly one proceeds.
 */
@Component
class IdempotencyStore {

    private static final RedisScript<String> CLAIM = RedisScript.of(
            """
            local body = redis.call('HGET', KEYS[1], 'body')
            if not body then
              redis.call('HSET', KEYS[1], 'body', ARGV[1], 'gift', ARGV[2], 'state', 'pending')
              redis.call('PEXPIRE', KEYS[1], ARGV[3])
              return 'claimed'
            end
            if body ~= ARGV[1] then return 'conflict' end
            if redis.call('HGET', KEYS[1], 'state') == 'done' then
              return 'done:' .. redis.call('HGET', KEYS[1], 'response')
            end
            return 'pending'
            """,
            String.class);

    private static final RedisScript<Long> RELEASE = RedisScript.of(
            """
            if redis.call('HGET', KEYS[1], 'state') == 'pending' and redis.call('HGET', KEYS[1], 'gift') == ARGV[1] then
              return redis.call('DEL', KEYS[1])
            end
            return 0
            """,
            Long.class);

    private static final RedisScript<Long> COMPLETE = RedisScript.of(
            """
            if redis.call('HGET', KEYS[1], 'gift') ~= ARGV[1] then return 0 end
            redis.call('HSET', KEYS[1], 'state', 'done', 'response', ARGV[2])
            redis.call('PEXPIRE', KEYS[1], ARGV[3])
            return 1
            """,
            Long.class);

    private final ReactiveStringRedisTemplate redis;
    private final GiftProperties.Idempotency settings;
    private final Duration timeout;

    IdempotencyStore(ReactiveStringRedisTemplate redis, GiftProperties properties) {
        this.redis = redis;
        this.settings = properties.idempotency();
        this.timeout = properties.requestTimeout();
    }

    /** The Redis key of a sender's idempotency key (hashed: the client's key is arbitrary text). */
    static String redisKey(String user, String keyHash) {
        return "gift:idem:{" + user + "}:" + keyHash;
    }

    /** Claims the key for this body, or tells what an earlier request with the same key left. */
    Mono<Claim> claim(String redisKey, String bodyHash, String giftId) {
        return redis.execute(CLAIM, List.of(redisKey), List.of(bodyHash, giftId, millis(settings.pendingLease())))
                .next()
                .timeout(timeout)
                .map(IdempotencyStore::parse);
    }

    /** Records the answer; retries with the same key get it until the record expires. */
    Mono<Void> complete(String redisKey, String giftId, String response) {
        return redis.execute(COMPLETE, List.of(redisKey), List.of(giftId, response, millis(settings.ttl())))
                .next()
                .timeout(timeout)
                .then();
    }

    /** Frees a claim whose request failed before the gift was durable, so the client can retry. */
    Mono<Void> release(String redisKey, String giftId) {
        return redis.execute(RELEASE, List.of(redisKey), List.of(giftId))
                .next()
                .timeout(timeout)
                .then();
    }

    private static String millis(Duration duration) {
        return Long.toString(duration.toMillis());
    }

    static Claim parse(String reply) {
        if (reply.startsWith("done:")) {
            return new Claim(Claim.State.DONE, reply.substring("done:".length()));
        }
        return switch (reply) {
            case "claimed" -> new Claim(Claim.State.CLAIMED, null);
            case "conflict" -> new Claim(Claim.State.CONFLICT, null);
            case "pending" -> new Claim(Claim.State.PENDING, null);
            default -> throw new IllegalStateException("unexpected idempotency reply: " + reply);
        };
    }

    /** Outcome of a claim; {@code response} is the stored answer when {@link State#DONE}. */
    record Claim(State state, String response) {
        enum State {
            CLAIMED,
            DONE,
            CONFLICT,
            PENDING
        }
    }
}
