package io.chorus.presence.device;

import io.chorus.presence.PresenceKeys;
import io.chorus.presence.lease.InstanceLeases;
import io.chorus.presence.lease.InstanceLeases.Instance;
import io.chorus.protocol.PresenceBatch;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import org.springframework.data.redis.core.ReactiveStringRedisTemplate;
import org.springframework.stereotype.Component;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;

/**
 * Device presence in Redis: one string per user holding its devices, the instance holding each, and its
 * last seen ({@link StoredUser}). A batch is coalesced first (the last event of a device wins), so a device
 * that connects and disconnects within one interval costs nothing more than one that connects; the batch is
 * then applied by one script call per {@value UserStateRedis#WRITE_CHUNK} users, atomic per user, and a
 * look-up reads every user with one {@code MGET} per {@value UserStateRedis#READ_CHUNK}.
 */
@Component
public class DevicePresenceStore {

    private final ReactiveStringRedisTemplate redis;
    private final InstanceLeases leases;
    private final UserStateRedis states;

    DevicePresenceStore(ReactiveStringRedisTemplate redis, InstanceLeases leases, UserStateRedis states) {
        this.redis = redis;
        this.leases = leases;
        this.states = states;
    }

    /** Applies one instance's batch; returns the followed users whose coarse presence changed. */
    public Mono<List<PresenceChange>> apply(PresenceBatch batch) {
        Map<String, Map<String, PresenceBatch.Event>> byUser = coalesce(batch.events());
        return leases.renew(batch.instance())
                .then(leases.instances())
                .flatMap(instances -> write(batch.instance(), byUser, instances))
                .flatMap(outcomes -> updateOnlineCount(batch.instance(), outcomes))
                .map(DevicePresenceStore::changes);
    }

    /** The presence of each user, in the order asked. */
    public Mono<List<UserPresence>> lookup(List<String> users) {
        List<String> keys = new ArrayList<>(users.size());
        users.forEach(user -> keys.add(PresenceKeys.user(user)));
        return Mono.zip(leases.instances(), states.read(keys)).map(state -> {
            Map<String, Instance> instances = state.getT1();
            List<String> values = state.getT2();
            List<UserPresence> presence = new ArrayList<>(users.size());
            for (int i = 0; i < users.size(); i++) {
                presence.add(StoredUser.present(users.get(i), values.get(i), instances));
            }
            return presence;
        });
    }

    /**
     * Where the given users are online, for fan-out: their stored values as raw bytes, one {@code MGET} per
     * {@value UserStateRedis#READ_CHUNK}; a user asked twice is read and answered once. Ids must be valid.
     */
    public Mono<Locations> locate(List<String> users) {
        List<String> distinct = distinct(users);
        return Mono.zip(leases.instances(), states.readRaw(distinct))
                .map(state -> new Locations(distinct, state.getT2(), state.getT1()));
    }

    /**
     * {@code users} without repeats, first occurrence kept; the list itself when it has none (the usual case,
     * checked with one open-addressing table of indexes rather than a set of thousands of nodes).
     */
    static List<String> distinct(List<String> users) {
        int[] table = new int[Integer.highestOneBit(Math.max(1, users.size()) * 2) * 2];
        int mask = table.length - 1;
        for (int i = 0; i < users.size(); i++) {
            String user = users.get(i);
            int slot = user.hashCode() * 0x9E3779B9 >>> 7 & mask;
            while (table[slot] != 0) {
                if (users.get(table[slot] - 1).equals(user)) {
                    return List.copyOf(new LinkedHashSet<>(users));
                }
                slot = (slot + 1) & mask;
            }
            table[slot] = i + 1;
        }
        return users;
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

    /**
     * The script's delta of one user: the latest disconnect's millis (0 without one), then
     * {@code ;<device>=1} per connect and {@code ;<device>=0} per disconnect.
     */
    static String delta(Map<String, PresenceBatch.Event> events) {
        long lastOffline = 0;
        StringBuilder devices = new StringBuilder();
        for (PresenceBatch.Event event : events.values()) {
            if (!event.online()) {
                lastOffline = Math.max(lastOffline, event.ts());
            }
            devices.append(StoredUser.DEVICE)
                    .append(event.device())
                    .append(StoredUser.HOLDER)
                    .append(event.online() ? '1' : '0');
        }
        return lastOffline + devices.toString();
    }

    /** The script's leading arguments: the reporting instance, the other live ones, the dead ones. */
    static List<String> head(String instance, Map<String, Instance> instances) {
        List<String> alive = new ArrayList<>();
        List<String> dead = new ArrayList<>();
        instances.values().forEach(known -> {
            if (!known.id().equals(instance)) {
                (known.alive() ? alive : dead).add(known.id());
            }
        });
        List<String> head = new ArrayList<>(3 + alive.size() + dead.size());
        head.add(instance);
        head.add(Integer.toString(alive.size()));
        head.addAll(alive);
        head.add(Integer.toString(dead.size()));
        head.addAll(dead);
        return head;
    }

    private Mono<List<Outcome>> write(
            String instance, Map<String, Map<String, PresenceBatch.Event>> byUser, Map<String, Instance> instances) {
        List<String> users = new ArrayList<>(byUser.keySet());
        List<String> keys = new ArrayList<>(users.size());
        List<String> deltas = new ArrayList<>(users.size());
        for (String user : users) {
            keys.add(PresenceKeys.user(user));
            deltas.add(delta(byUser.get(user)));
        }
        return states.apply(keys, head(instance, instances), deltas).map(values -> {
            List<Outcome> outcomes = new ArrayList<>(users.size());
            for (int i = 0; i < users.size(); i++) {
                StoredUser before = StoredUser.decode(users.get(i), values.get(3 * i));
                StoredUser after = StoredUser.decode(users.get(i), values.get(3 * i + 1));
                boolean followed = "1".equals(values.get(3 * i + 2));
                outcomes.add(Outcome.of(instance, before, after, instances, followed));
            }
            return outcomes;
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

    /** Changes of coarse presence that someone follows (nobody is told about the others). */
    private static List<PresenceChange> changes(List<Outcome> outcomes) {
        return outcomes.stream()
                .filter(outcome -> outcome.followed() && outcome.wasOnline() != outcome.isOnline())
                .map(outcome -> new PresenceChange(outcome.user(), outcome.isOnline(), outcome.lastSeen()))
                .toList();
    }

    private record Outcome(
            String user, boolean wasOnline, boolean isOnline, Long lastSeen, int hereDelta, boolean followed) {

        static Outcome of(
                String instance,
                StoredUser before,
                StoredUser after,
                Map<String, Instance> instances,
                boolean followed) {
            UserPresence now = after.view(instances);
            int hereDelta = Boolean.compare(
                    after.devices().containsValue(instance), before.devices().containsValue(instance));
            return new Outcome(
                    after.user(), before.view(instances).online(), now.online(), now.lastSeen(), hereDelta, followed);
        }
    }
}
