package io.chorus.presence.subscription;

import io.chorus.presence.PresenceKeys;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.springframework.data.redis.core.ReactiveStringRedisTemplate;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * Who follows whose coarse presence: the subscriber's contact set and, for each contact, the reverse set
 * of watchers that a change fans out to.
 */
@Component
public class PresenceSubscriptions {

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
