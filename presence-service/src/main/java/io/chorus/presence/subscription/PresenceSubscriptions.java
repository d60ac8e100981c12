package io.chorus.presence.subscription;

import io.chorus.presence.PresenceKeys;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.springframework.data.redis.core.ReactiveStringRedisTemplate;
import org.springframework.data.redis.core.script.RedisScript;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * Who follows whose coarse presence: the subscriber's contact set and, for each contact, the reverse set
 * of watchers that a change fans out to.
 */
@Component
public class PresenceSubscriptions {

    static final int WATCHERS_CHUNK = 500;

    /** SMEMBERS of every key: one list of followers per contact, empty for none. */
    @SuppressWarnings("rawtypes")
    private static final RedisScript<List> WATCHERS_SCRIPT = RedisScript.of(
            "local out = {} for i, key in ipairs(KEYS) do out[i] = redis.call('SMEMBERS', key) end return out",
            List.class);

    private final ReactiveStringRedisTemplate redis;

    public PresenceSubscriptions(ReactiveStringRedisTemplate redis) {
        this.redis = redis;
    }

    /** Replaces the contacts {@code user} follows. */
    public Mono<Void> replace(String user, List<String> contacts) {
        Set<String> wanted = new HashSet<>(contacts);
        return redis.opsForSet()
                .members(PresenceKeys.subscriptions(user))
                .collect(java.util.stream.Collectors.toSet())
                .flatMap(current -> {
                    Set<String> removed = new HashSet<>(current);
                    removed.removeAll(wanted);
                    Set<String> added = new HashSet<>(wanted);
                    added.removeAll(current);
                    return Flux.fromIterable(removed)
                            .flatMap(contact -> unfollow(user, contact))
                            .thenMany(Flux.fromIterable(added).flatMap(contact -> follow(user, contact)))
                            .then();
                });
    }

    /** The contacts {@code user} follows. */
    public Flux<String> contacts(String user) {
        return redis.opsForSet().members(PresenceKeys.subscriptions(user));
    }

    /**
     * The followers of each contact, in the order given: one script call per {@value #WATCHERS_CHUNK}
     * contacts (a burst of thousands of changes, most of them followed by nobody, costs a handful of calls
     * rather than one {@code SMEMBERS} round trip each). With Redis Cluster, whose scripts cannot span slots,
     * one {@code SMEMBERS} per contact, pipelined.
     */
    @SuppressWarnings("unchecked")
    public Mono<List<List<String>>> watchers(List<String> contacts) {
        if (contacts.isEmpty()) {
            return Mono.just(List.of());
        }
        return Flux.fromIterable(chunks(contacts))
                .concatMap(chunk -> redis.execute(
                                WATCHERS_SCRIPT,
                                chunk.stream().map(PresenceKeys::watchers).toList(),
                                List.of())
                        .next()
                        .map(result -> (List<List<String>>) (List<?>) result))
                .<List<String>>concatMapIterable(chunk -> chunk)
                .collectList()
                .onErrorResume(PresenceSubscriptions::crossSlot, error -> Flux.fromIterable(contacts)
                        .flatMapSequential(contact -> watchers(contact).collectList(), 64)
                        .collectList());
    }

    private static List<List<String>> chunks(List<String> all) {
        List<List<String>> chunks = new ArrayList<>();
        for (int from = 0; from < all.size(); from += WATCHERS_CHUNK) {
            chunks.add(all.subList(from, Math.min(all.size(), from + WATCHERS_CHUNK)));
        }
        return chunks;
    }

    private static boolean crossSlot(Throwable error) {
        for (Throwable cause = error; cause != null; cause = cause.getCause() == cause ? null : cause.getCause()) {
            if (cause.getMessage() != null && cause.getMessage().contains("CROSSSLOT")) {
                return true;
            }
        }
        return false;
    }

    /** The users following {@code contact}. */
    public Flux<String> watchers(String contact) {
        return redis.opsForSet().members(PresenceKeys.watchers(contact));
    }

    private Mono<Long> follow(String user, String contact) {
        return redis.opsForSet()
                .add(PresenceKeys.subscriptions(user), contact)
                .then(redis.opsForSet().add(PresenceKeys.watchers(contact), user));
    }

    private Mono<Long> unfollow(String user, String contact) {
        return redis.opsForSet()
                .remove(PresenceKeys.subscriptions(user), contact)
                .then(redis.opsForSet().remove(PresenceKeys.watchers(contact), user));
    }
}
