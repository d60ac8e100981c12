package io.chorus.room.chat;

import io.chorus.protocol.ErrorCode;
import io.chorus.protocol.RedisKeys;
import io.chorus.room.config.RoomProperties;
import io.chorus.room.store.RoomKeys;
import io.chorus.room.store.RoomScripts;
import io.chorus.room.web.Caller;
import io.chorus.room.web.ProblemException;
import java.time.Duration;
import java.util.List;
import org.springframework.data.redis.core.ReactiveStringRedisTemplate;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Mono;

/**
 * Admits a chat message in one atomic Redis script: room state, ban or timeout, subscriber-only, emote-only,
 * slow mode and the sender's token bucket (rate limit). One round trip per message; the clock is Redis's,
 * so every instance agrees.
 */
@Component
public class ChatAdmission {

    /**
     * An admitted message.
     *
     * @param owner the sender is the room's streamer
     * @param budgetPerSecond the room's delivery budget, 0 when the room uses the default
     */
    public record Admitted(boolean owner, int budgetPerSecond) {}

    private final ReactiveStringRedisTemplate redis;
    private final RoomProperties.RateLimit rateLimit;

    public ChatAdmission(ReactiveStringRedisTemplate redis, RoomProperties properties) {
        this.redis = redis;
        this.rateLimit = properties.rateLimit();
    }

    /** Admitted, or an error with the problem that refused it. */
    public Mono<Admitted> admit(String room, Caller sender, boolean emoteOnlyText) {
        List<String> keys = List.of(
                RedisKeys.room(room),
                RedisKeys.roomBans(room),
                RoomKeys.slowMode(room, sender.user()),
                RoomKeys.rate(room, sender.user()));
        List<String> args = List.of(
                sender.user(),
                flag(sender.moderatesAll()),
                flag(sender.subscribes(room)),
                flag(emoteOnlyText),
                Integer.toString(rateLimit.capacity()),
                Double.toString(rateLimit.refillPerSecond()),
                Integer.toString(rateLimit.privilegedCapacity()),
                Double.toString(rateLimit.privilegedRefillPerSecond()));
        return redis.execute(RoomScripts.ADMIT_CHAT, keys, args).next().flatMap(reply -> outcome(room, reply));
    }

    private static Mono<Admitted> outcome(String room, List<?> reply) {
        int status = (int) RoomScripts.longAt(reply, 0);
        long retryMillis = RoomScripts.longAt(reply, 1);
        if (status == 0) {
            return Mono.just(new Admitted(RoomScripts.longAt(reply, 2) == 1, (int) RoomScripts.longAt(reply, 3)));
        }
        return Mono.error(refusal(room, status, retryMillis));
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
