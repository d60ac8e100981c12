package io.chorus.presence.subscription;

import io.chorus.presence.config.PresenceProperties;
import io.chorus.presence.device.DevicePresenceStore;
import io.chorus.presence.device.PresenceChange;
import io.chorus.presence.device.UserPresence;
import io.chorus.protocol.Channels;
import io.chorus.protocol.DeviceLocation;
import io.chorus.protocol.ServerFrame;
import io.chorus.protocol.UserDelivery;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.data.redis.core.ReactiveStringRedisTemplate;
import org.springframework.stereotype.Component;
import reactor.core.Disposable;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import tools.jackson.databind.json.JsonMapper;

/**
 * Sends presence changes to the users who follow them, coalesced and rate-limited: changes collect for
 * {@code notifyInterval}, only the latest state of a user is sent, and never more than once per
 * {@code notifyCooldown} per user, so a flapping connection cannot storm its followers. Deliveries go to
 * the followers' connection-service instances in batches ({@link UserDelivery}), one publish per instance
 * and changed user.
 */
@Component
public class PresenceNotifier implements SmartLifecycle {

    private static final Logger log = LoggerFactory.getLogger(PresenceNotifier.class);

    private final Map<String, PresenceChange> pending = new ConcurrentHashMap<>();
    private final Map<String, Long> lastSent = new ConcurrentHashMap<>();
    private final PresenceSubscriptions subscriptions;
    private final DevicePresenceStore store;
    private final ReactiveStringRedisTemplate redis;
    private final JsonMapper json;
    private final PresenceProperties properties;
    private final Clock clock;
    private final Counter sent;
    private final Counter coalesced;
    private volatile Disposable ticker;

    public PresenceNotifier(
            PresenceSubscriptions subscriptions,
            DevicePresenceStore store,
            ReactiveStringRedisTemplate redis,
            JsonMapper json,
            PresenceProperties properties,
            Clock clock,
            MeterRegistry meters) {
        this.subscriptions = subscriptions;
        this.store = store;
        this.redis = redis;
        this.json = json;
        this.properties = properties;
        this.clock = clock;
        this.sent = Counter.builder("chat.presence.notifications")
                .description("Presence changes delivered to followers' instances")
                .register(meters);
        this.coalesced = Counter.builder("chat.presence.notifications.coalesced")
                .description("Presence changes replaced by a later change of the same user before sending")
                .register(meters);
    }

    /** Queues changes; the latest state of a user replaces an unsent earlier one. */
    public void offer(List<PresenceChange> changes) {
        for (PresenceChange change : changes) {
            if (pending.put(change.user(), change) != null) {
                coalesced.increment();
            }
        }
    }

    /** Sends what is due now. */
    public Mono<Void> flush() {
        long now = clock.millis();
        long cooldown = properties.notifyCooldown().toMillis();
        List<PresenceChange> due = new ArrayList<>();
        for (String user : List.copyOf(pending.keySet())) {
            Long last = lastSent.get(user);
            if (last == null || now - last >= cooldown) {
                PresenceChange change = pending.remove(user);
                if (change != null) {
                    due.add(change);
                }
            }
        }
        lastSent.values().removeIf(last -> now - last >= cooldown);
        return Flux.fromIterable(due)
                .buffer(PresenceSubscriptions.WATCHERS_CHUNK)
                .concatMap(changes -> deliver(changes, now))
                .then();
    }

    /**
     * Delivers a chunk of changes: the followers of every changed user in one call, where those followers
     * are in one look-up, then one publish per instance and changed user.
     */
    private Mono<Void> deliver(List<PresenceChange> changes, long now) {
        List<String> users = changes.stream().map(PresenceChange::user).toList();
        return subscriptions.watchers(users).flatMap(watchers -> {
            Set<String> everyWatcher = new LinkedHashSet<>();
            for (int i = 0; i < users.size(); i++) {
                if (!watchers.get(i).isEmpty()) {
                    // the cooldown only matters to users someone follows: a storm of changes of users nobody
                    // follows keeps no per-user entry alive for the cooldown (heap, and the sweep each tick)
                    lastSent.put(users.get(i), now);
                    everyWatcher.addAll(watchers.get(i));
                }
            }
            if (everyWatcher.isEmpty()) {
                return Mono.<Void>empty();
            }
            return store.lookup(List.copyOf(everyWatcher)).flatMap(presence -> {
                Map<String, UserPresence> byUser = new HashMap<>();
                presence.forEach(watcher -> byUser.put(watcher.user(), watcher));
                List<Mono<Void>> publishes = new ArrayList<>();
                for (int i = 0; i < changes.size(); i++) {
                    PresenceChange change = changes.get(i);
                    ServerFrame frame = new ServerFrame.Presence(change.user(), change.online(), change.lastSeen());
                    List<UserPresence> online = new ArrayList<>(watchers.get(i).size());
                    watchers.get(i).forEach(watcher -> online.add(byUser.get(watcher)));
                    byInstance(online)
                            .forEach((instance, followers) -> publishes.add(publish(instance, followers, frame)));
                }
                return Flux.fromIterable(publishes)
                        .flatMap(publish -> publish, 64)
                        .then();
            });
        });
    }

    private static Map<String, Set<String>> byInstance(List<UserPresence> watchers) {
        Map<String, Set<String>> users = new HashMap<>();
        for (UserPresence watcher : watchers) {
            for (DeviceLocation device : watcher.devices()) {
                users.computeIfAbsent(device.instance(), id -> new TreeSet<>()).add(watcher.user());
            }
        }
        return users;
    }

    private Mono<Void> publish(String instance, Set<String> users, ServerFrame frame) {
        String payload = json.writeValueAsString(new UserDelivery(List.copyOf(users), frame));
        return redis.convertAndSend(Channels.instance(instance), payload)
                .doOnNext(receivers -> sent.increment())
                .then();
    }

    @Override
    public void start() {
        ticker = Flux.interval(properties.notifyInterval())
                .onBackpressureDrop()
                .concatMap(tick -> flush().onErrorResume(this::logFailure))
                .subscribe();
    }

    private Mono<Void> logFailure(Throwable error) {
        log.warn("presence notification failed: error={}", error.toString());
        return Mono.empty();
    }

    @Override
    public void stop() {
        Disposable current = ticker;
        if (current != null) {
            current.dispose();
        }
    }

    @Override
    public boolean isRunning() {
        Disposable current = ticker;
        return current != null && !current.isDisposed();
    }
}
