package io.chorus.room.chat;

import io.chorus.protocol.ErrorCode;
import io.chorus.protocol.RedisKeys;
import io.chorus.room.config.RoomProperties;
import io.chorus.room.store.RoomKeys;
import io.chorus.room.store.RoomScripts;
import io.chorus.room.web.Caller;
import io.chorus.room.web.ProblemException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.springframework.data.redis.core.ReactiveStringRedisTemplate;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Mono;

/**
 * Admits a chat message in one atomic Redis script: a retry of an accepted message (by client message id),
 * room state, ban or timeout, subscriber-only, emote-only, slow mode and the sender's token bucket (rate
 * limit). One round trip per message; the clock is Redis's, so every instance agrees.
 */
@Component
public class ChatAdmission {

    /** What admission decided: admitted, or a retry of a message already accepted. */
    public sealed interface Decision permits Admitted, Retry {}

    /**
     * An admitted message.
     *
     * @param owner the sender is the room's streamer
     * @param budgetPerSecond the room's delivery budget, 0 when the room uses the default
     */
    public record Admitted(boolean owner, int budgetPerSecond) implements Decision {}

    /**
     * A retry of an accepted message (same client message id, same text): nothing new was admitted.
     *
     * @param msgId the original message id
     * @param shed whether the original was shed; {@code null} while its window is still undecided
     */
    public record Retry(String msgId, Boolean shed) implements Decision {}

    /**
     * A client message id to record with an admitted message, so that a retry gets the original answer.
     *
     * @param record the record's key ({@link RoomKeys#idempotency})
     * @param msgId the id the message gets when admitted
     * @param fingerprint of the text: a retry has the same
     * @param conflictOnOtherText another text under the same id is refused (409) rather than a new message
     */
    public record Idempotency(String record, String msgId, String fingerprint, boolean conflictOnOtherText) {}

    private final ReactiveStringRedisTemplate redis;
    private final RoomProperties.RateLimit rateLimit;
    private final String recordTtlMillis;
    private final String pendingDeadlineMillis;

    public ChatAdmission(ReactiveStringRedisTemplate redis, RoomProperties properties) {
        this.redis = redis;
        this.rateLimit = properties.rateLimit();
        this.recordTtlMillis = Long.toString(properties.chat().idempotencyTtl().toMillis());
        this.pendingDeadlineMillis = Long.toString(properties
                .chat()
                .ackTimeout()
                .plus(properties.aggregation().window())
                .toMillis());
    }

    /** Admitted, or an error with the problem that refused it. */
    public Mono<Admitted> admit(String room, Caller sender, boolean emoteOnlyText) {
        return admit(room, sender, emoteOnlyText, null).cast(Admitted.class);
    }

    /**
     * Admitted, a retry of an accepted message (with {@code idempotency}, which may be {@code null}), or an
     * error with the problem that refused it.
     */
    public Mono<Decision> admit(String room, Caller sender, boolean emoteOnlyText, Idempotency idempotency) {
        return run(room, sender, emoteOnlyText, idempotency, false);
    }

    /**
     * The checks that do not spend anything (room, ban or timeout, subscriber-only, emote-only), without
     * admitting: for a message this instance sheds for overload, so that a banned sender still learns it is
     * banned. Nothing is written.
     */
    public Mono<Admitted> check(String room, Caller sender, boolean emoteOnlyText) {
        return run(room, sender, emoteOnlyText, null, true).cast(Admitted.class);
    }

    /** The idempotency record's state: its msgId and whether it was shed, empty while undecided or gone. */
    public Mono<Retry> decided(String record) {
        return redis.<String, String>opsForHash()
                .multiGet(record, List.of("m", "s"))
                .flatMap(values -> {
                    String msgId = values.get(0);
                    String state = values.get(1);
                    if (msgId == null || !("d".equals(state) || "s".equals(state))) {
                        return Mono.empty();
                    }
                    return Mono.just(new Retry(msgId, "s".equals(state)));
                });
    }

    private Mono<Decision> run(
            String room, Caller sender, boolean emoteOnlyText, Idempotency idempotency, boolean checkOnly) {
        List<String> keys = new ArrayList<>(5);
        keys.add(RedisKeys.room(room));
        keys.add(RedisKeys.roomBans(room));
        keys.add(RoomKeys.slowMode(room, sender.user()));
        keys.add(RoomKeys.rate(room, sender.user()));
        if (idempotency != null) {
            keys.add(idempotency.record());
        }
        List<String> args = List.of(
                sender.user(),
                flag(sender.moderatesAll()),
                flag(sender.subscribes(room)),
                flag(emoteOnlyText),
                Integer.toString(rateLimit.capacity()),
                Double.toString(rateLimit.refillPerSecond()),
                Integer.toString(rateLimit.privilegedCapacity()),
                Double.toString(rateLimit.privilegedRefillPerSecond()),
                idempotency == null ? "" : idempotency.msgId(),
                idempotency == null ? "" : idempotency.fingerprint(),
                recordTtlMillis,
                pendingDeadlineMillis,
                flag(idempotency != null && idempotency.conflictOnOtherText()),
                flag(checkOnly));
        return redis.execute(RoomScripts.ADMIT_CHAT, keys, args).next().flatMap(reply -> outcome(room, reply));
    }

    private static Mono<Decision> outcome(String room, List<?> reply) {
        int status = (int) RoomScripts.longAt(reply, 0);
        long retryMillis = RoomScripts.longAt(reply, 1);
        return switch (status) {
            case 0 -> Mono.just(new Admitted(RoomScripts.longAt(reply, 2) == 1, (int) RoomScripts.longAt(reply, 3)));
            case 8 -> Mono.just(new Retry(String.valueOf(reply.get(4)), RoomScripts.longAt(reply, 5) == 1));
            case 9 -> Mono.just(new Retry(String.valueOf(reply.get(4)), null));
            default -> Mono.error(refusal(room, status, retryMillis));
        };
    }

    static ProblemException refusal(String room, int status, long retryMillis) {
        return switch (status) {
            case 1 -> ProblemException.roomNotFound(room);
            case 2 -> ProblemException.roomClosed(room);
            case 3 ->
                new ProblemException(
                        ErrorCode.BANNED,
                        HttpStatus.FORBIDDEN,
                        retryMillis < 0
                                ? "banned from room " + room
                                : "timed out in room " + room + " for " + seconds(retryMillis) + " more seconds");
            case 4 ->
                new ProblemException(
                        ErrorCode.SUBSCRIBERS_ONLY, HttpStatus.FORBIDDEN, "room " + room + " is subscriber-only");
            case 5 ->
                new ProblemException(ErrorCode.MODERATED, HttpStatus.BAD_REQUEST, "room " + room + " is emote-only");
            case 6 ->
                new ProblemException(
                        ErrorCode.SLOW_MODE,
                        HttpStatus.TOO_MANY_REQUESTS,
                        "slow mode: wait " + seconds(retryMillis) + " s",
                        Duration.ofMillis(retryMillis));
            case 10 ->
                new ProblemException(
                        ErrorCode.CONFLICT,
                        HttpStatus.CONFLICT,
                        "this Idempotency-Key was already used for another message in room " + room);
            case 7 ->
                new ProblemException(
                        ErrorCode.RATE_LIMITED,
                        HttpStatus.TOO_MANY_REQUESTS,
                        "too many messages: wait " + seconds(retryMillis) + " s",
                        Duration.ofMillis(retryMillis));
            default -> new ProblemException(ErrorCode.INTERNAL, HttpStatus.INTERNAL_SERVER_ERROR, "admission failed");
        };
    }

    private static long seconds(long millis) {
        return Math.max(1, (millis + 999) / 1000);
    }

    private static String flag(boolean value) {
        return value ? "1" : "0";
    }
}
