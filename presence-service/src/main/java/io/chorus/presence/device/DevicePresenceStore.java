package io.chorus.presence.device;

import io.chorus.presence.PresenceKeys;
import io.chorus.presence.lease.InstanceLeases;
import io.chorus.presence.lease.InstanceLeases.Instance;
import io.chorus.protocol.PresenceBatch;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.springframework.data.redis.core.ReactiveStringRedisTemplate;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * Device presence in Redis: one hash per user ({@code d:<device>} -> instance, {@code seen} -> last seen).
 * A batch is coalesced first (the last event of a device wins), so a device that connects and disconnects
 * within one interval costs one write, and every user costs at most two commands per batch.
 */
@Component
public class DevicePresenceStore {

    private static final int CONCURRENCY = 256;

    private final ReactiveStringRedisTemplate redis;
    private final InstanceLeases leases;
    private final PipelinedHashReader hashes;

    DevicePresenceStore(ReactiveStringRedisTemplate redis, InstanceLeases leases, PipelinedHashReader hashes) {
        this.redis = redis;
        this.leases = leases;
        this.hashes = hashes;
    }

    /** Applies one instance's batch; returns the users whose coarse presence changed. */
    public Mono<List<PresenceChange>> apply(PresenceBatch batch) {
        Map<String, Map<String, PresenceBatch.Event>> byUser = coalesce(batch.events());
        List<String> users = List.copyOf(byUser.keySet());
        return leases.renew(batch.instance())
                .then(Mono.zip(leases.instances(), readAll(users)))
                .flatMap(state -> Flux.fromIterable(state.getT2())
                        .flatMap(
                                before -> write(batch.instance(), before, byUser.get(before.user()), state.getT1()),
                                CONCURRENCY)
                        .collectList())
                .flatMap(outcomes -> updateOnlineCount(batch.instance(), outcomes))
                .map(DevicePresenceStore::changes);
    }

    /** The presence of each user, in the order asked. */
    public Mono<List<UserPresence>> lookup(List<String> users) {
        return Mono.zip(leases.instances(), readAll(users)).map(state -> state.getT2().stream()
                .map(stored -> stored.view(state.getT1()))
                .toList());
    }

    /** Users with at least one device on a live instance (a user on two instances counts twice). */
    public Mono<Long> onlineCount() {
        return leases.alive()
                .flatMapMany(Flux::fromIterable)
                .flatMap(instance -> redis.opsForValue().get(PresenceKeys.onlineCount(instance)))
                .map(Long::parseLong)
                .reduce(0L, Long::sum);
    }

    static Map<String, Map<String, PresenceBatch.Event>> coalesce(List<PresenceBatch.Event> events) {
        Map<String, Map<String, PresenceBatch.Event>> byUser = new LinkedHashMap<>();
        for (PresenceBatch.Event event : events) {
            byUser.computeIfAbsent(event.user(), user -> new LinkedHashMap<>()).put(event.device(), event);
        }
        return byUser;
    }

    /** Every user's stored hash, in the order given, read in one pipeline. */
    private Mono<List<StoredUser>> readAll(List<String> users) {
        List<String> keys = users.stream().map(PresenceKeys::user).toList();
        return hashes.readAll(keys).map(all -> {
            List<StoredUser> stored = new ArrayList<>(users.size());
            for (int i = 0; i < users.size(); i++) {
                stored.add(StoredUser.of(users.get(i), all.get(i)));
            }
            return stored;
        });
    }

    private Mono<Outcome> write(
            String instance,
            StoredUser before,
            Map<String, PresenceBatch.Event> events,
            Map<String, Instance> instances) {
        Map<String, String> set = new LinkedHashMap<>();
        List<Object> remove = new ArrayList<>();
        long lastOffline = 0;
        for (PresenceBatch.Event event : events.values()) {
            String field = PresenceKeys.DEVICE_FIELD + event.device();
            if (event.online()) {
                set.put(field, instance);
            } else {
                lastOffline = Math.max(lastOffline, event.ts());
                // a device that already reconnected through another instance stays online there
                if (instance.equals(before.devices().get(event.device()))) {
                    remove.add(field);
                }
            }
        }
        pruneDeadInstances(before, instances, events, remove);
        boolean wasOnline = before.view(instances).online();
        boolean wasHere = before.devices().containsValue(instance);
        Map<String, String> after = new LinkedHashMap<>(before.devices());
        remove.forEach(field -> after.remove(((String) field).substring(PresenceKeys.DEVICE_FIELD.length())));
        set.forEach((field, value) -> after.put(field.substring(PresenceKeys.DEVICE_FIELD.length()), value));
        StoredUser updated = new StoredUser(before.user(), after, before.lastSeen());
        boolean isOnline = updated.view(instances).online();
        if (!isOnline && lastOffline > 0) {
            set.put(PresenceKeys.LAST_SEEN_FIELD, Long.toString(lastOffline));
        }
        String key = PresenceKeys.user(before.user());
        Mono<?> removal = remove.isEmpty() ? Mono.empty() : redis.opsForHash().remove(key, remove.toArray());
        Mono<?> update = set.isEmpty()
                ? Mono.empty()
                : redis.<String, String>opsForHash().putAll(key, set);
        Long seen = isOnline
                ? null
                : Optional.ofNullable(set.get(PresenceKeys.LAST_SEEN_FIELD))
                        .map(Long::parseLong)
                        .orElse(before.lastSeen());
        int hereDelta = Boolean.compare(after.containsValue(instance), wasHere);
        return removal.then(update).thenReturn(new Outcome(before.user(), wasOnline, isOnline, seen, hereDelta));
    }

    private static void pruneDeadInstances(
            StoredUser before,
            Map<String, Instance> instances,
            Map<String, PresenceBatch.Event> events,
            List<Object> remove) {
        before.devices().forEach((device, holder) -> {
            Instance instance = instances.get(holder);
            if (instance != null && !instance.alive() && !events.containsKey(device)) {
                remove.add(PresenceKeys.DEVICE_FIELD + device);
            }
        });
    }

    private Mono<List<Outcome>> updateOnlineCount(String instance, List<Outcome> outcomes) {
        long delta = outcomes.stream().mapToLong(Outcome::hereDelta).sum();
        if (delta == 0) {
            return Mono.just(outcomes);
        }
        return redis.opsForValue()
                .increment(PresenceKeys.onlineCount(instance), delta)
                .thenReturn(outcomes);
    }

    private static List<PresenceChange> changes(List<Outcome> outcomes) {
        return outcomes.stream()
                .filter(outcome -> outcome.wasOnline() != outcome.isOnline())
                .map(outcome -> new PresenceChange(outcome.user(), outcome.isOnline(), outcome.lastSeen()))
                .toList();
    }

    private record Outcome(String user, boolean wasOnline, boolean isOnline, Long lastSeen, int hereDelta) {}
}
