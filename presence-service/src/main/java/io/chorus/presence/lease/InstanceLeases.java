package io.chorus.presence.lease;

import io.chorus.presence.PresenceKeys;
import io.chorus.presence.config.PresenceProperties;
import io.chorus.protocol.RedisKeys;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Collectors;
import org.springframework.data.redis.core.ReactiveStringRedisTemplate;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * Leases of connection-service instances. An instance is alive while its lease key exists; the key expires
 * by itself {@code leaseTtl} after the last renewal, so when an instance dies every user it held goes
 * offline at once, without a per-user clean-up.
 */
@Component
public class InstanceLeases {

    private final ReactiveStringRedisTemplate redis;
    private final Duration ttl;
    private final Duration retention;
    private final Clock clock;
    private final Mono<Map<String, Instance>> cached;
    /** Instances whose lease this presence-service renewed, and when: alive whatever the cache says. */
    private final Map<String, Long> renewedHere = new ConcurrentHashMap<>();

    public InstanceLeases(ReactiveStringRedisTemplate redis, PresenceProperties properties, Clock clock) {
        this.redis = redis;
        this.ttl = properties.leaseTtl();
        this.retention = properties.instanceRetention();
        this.clock = clock;
        Duration cacheTtl = properties.leaseCacheTtl();
        // a failed read is not cached: the next caller tries Redis again
        this.cached = load().cache(value -> cacheTtl, error -> Duration.ZERO, () -> cacheTtl);
    }

    /** Renews the lease of {@code instance}. */
    public Mono<Void> renew(String instance) {
        long millis = clock.millis();
        String now = Long.toString(millis);
        // three independent writes, sent together rather than one after the other
        return Mono.when(
                        redis.opsForValue().set(RedisKeys.instanceLease(instance), now, ttl),
                        redis.opsForHash().put(PresenceKeys.INSTANCES, instance, now),
                        redis.opsForSet().add(RedisKeys.INSTANCES, instance))
                .doOnSuccess(done -> renewedHere.put(instance, millis));
    }

    /**
     * Every known instance with its lease state; cached for a short time, except that an instance whose
     * lease this presence-service renewed within the lease TTL is alive at once (its users must not look
     * offline until the cache expires).
     */
    public Mono<Map<String, Instance>> instances() {
        return cached.map(this::withRenewedHere);
    }

    /** The ids of the instances whose lease is alive; cached for a short time. */
    public Mono<Set<String>> alive() {
        return instances().map(all -> all.values().stream()
                .filter(Instance::alive)
                .map(Instance::id)
                .collect(Collectors.toUnmodifiableSet()));
    }

    /**
     * Every known instance, read fresh from Redis. Instances dead for longer than the retention are forgotten
     * on the way (removed from the instance lists), so the lists do not grow with every instance ever started.
     */
    public Mono<Map<String, Instance>> load() {
        return redis.<String, String>opsForHash()
                .entries(PresenceKeys.INSTANCES)
                .collectMap(Map.Entry::getKey, entry -> Long.parseLong(entry.getValue()))
                .flatMap(this::withLeaseState)
                .flatMap(this::forgetLongDead);
    }

    private Mono<Map<String, Instance>> forgetLongDead(Map<String, Instance> all) {
        long cutoff = clock.millis() - retention.toMillis();
        List<String> gone = all.values().stream()
                .filter(instance -> !instance.alive() && instance.lastRenewal() < cutoff)
                .map(Instance::id)
                .toList();
        if (gone.isEmpty()) {
            return Mono.just(all);
        }
        Map<String, Instance> kept = new HashMap<>(all);
        gone.forEach(kept::remove);
        return Mono.when(
                        redis.opsForHash().remove(PresenceKeys.INSTANCES, gone.toArray()),
                        redis.opsForSet().remove(RedisKeys.INSTANCES, gone.toArray()))
                .thenReturn(Map.copyOf(kept));
    }

    private Map<String, Instance> withRenewedHere(Map<String, Instance> loaded) {
        long now = clock.millis();
        renewedHere.values().removeIf(renewed -> now - renewed >= ttl.toMillis());
        Map<String, Instance> merged = null;
        for (Map.Entry<String, Long> renewal : renewedHere.entrySet()) {
            Instance known = loaded.get(renewal.getKey());
            if (known == null || !known.alive()) {
                merged = merged == null ? new HashMap<>(loaded) : merged;
                merged.put(renewal.getKey(), new Instance(renewal.getKey(), true, renewal.getValue()));
            }
        }
        return merged == null ? loaded : Collections.unmodifiableMap(merged);
    }

    private Mono<Map<String, Instance>> withLeaseState(Map<String, Long> lastRenewals) {
        List<String> ids = new ArrayList<>(lastRenewals.keySet());
        return Flux.fromIterable(ids)
                .flatMapSequential(id -> redis.hasKey(RedisKeys.instanceLease(id)))
                .collectList()
                .map(alive -> {
                    Map<String, Instance> result = new HashMap<>();
                    for (int i = 0; i < ids.size(); i++) {
                        String id = ids.get(i);
                        result.put(id, new Instance(id, alive.get(i), lastRenewals.get(id)));
                    }
                    return Map.copyOf(result);
                });
    }

    /**
     * One connection-service instance.
     *
     * @param id the instance id
     * @param alive whether its lease is alive
     * @param lastRenewal epoch millis of its last lease renewal (when it died, if dead)
     */
    public record Instance(String id, boolean alive, long lastRenewal) {}
}
