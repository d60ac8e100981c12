package io.chorus.stream.notify;

import io.chorus.protocol.Channels;
import io.chorus.protocol.DeviceLocation;
import io.chorus.protocol.RedisKeys;
import io.chorus.protocol.ServerFrame;
import io.chorus.protocol.UserDelivery;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.data.redis.core.ReactiveStringRedisTemplate;
import org.springframework.data.redis.core.script.RedisScript;
import reactor.core.publisher.Flux;
import reactor.core.publisher.Mono;
import tools.jackson.databind.json.JsonMapper;

/**
 * The notify half of "store, then notify, then pull": hands frames to the devices of users, wherever they are
 * connected. One look-up ({@link UserLocator}, presence-service) finds the connection-service instances holding
 * the users; each instance then gets one {@link UserDelivery} per frame on its sharded delivery channel
 * ({@link Channels#instance(String)}), listing that instance's users of the frame (at most
 * {@link #USERS_PER_DELIVERY} per message). Offline users get nothing: they pull when they come back.
 *
 * <p>When the look-up fails (presence-service down or slow), every live instance ({@link RedisKeys#INSTANCES})
 * gets every frame with all its users, and drops the users it does not hold: more traffic, same result.
 *
 * <p>A notification is a hint, never the data: {@link #deliver} never fails. What could not be published is
 * counted ({@code chat.notify.failures}) and logged; the client's next pull recovers it.
 */
public final class UserNotifier {

    private static final Logger log = LoggerFactory.getLogger(UserNotifier.class);

    /** Most users listed in one delivery message. */
    public static final int USERS_PER_DELIVERY = 500;

    /** Publishes run concurrently up to this many. */
    private static final int PUBLISH_CONCURRENCY = 16;

    /** Instance channels are sharded (connection-service SSUBSCRIBEs them), like room channels. */
    private static final RedisScript<Long> SHARDED_PUBLISH =
            RedisScript.of("return redis.call('SPUBLISH', KEYS[1], ARGV[1])", Long.class);

    /** What one {@link #deliver} call did. */
    public record Report(int published, int offlineUsers, boolean broadcast, int failures) {

        static final Report NOTHING = new Report(0, 0, false, 0);
    }

    private record Message(String instance, String payload) {}

    private final ReactiveStringRedisTemplate redis;
    private final JsonMapper json;
    private final UserLocator locator;
    private final Duration timeout;
    private final Counter viaPresence;
    private final Counter viaBroadcast;
    private final Counter offline;
    private final Counter failures;

    /**
     * @param stream the stream the notifications are about (metric tag {@code stream}, e.g. {@code gifts})
     * @param timeout the limit of one publish (the look-up has its own)
     */
    public UserNotifier(
            ReactiveStringRedisTemplate redis,
            JsonMapper json,
            UserLocator locator,
            Duration timeout,
            MeterRegistry meters,
            String stream) {
        this.redis = redis;
        this.json = json;
        this.locator = locator;
        this.timeout = timeout;
        this.viaPresence = Counter.builder("chat.notify.deliveries")
                .description("delivery messages published to instance channels")
                .tag("stream", stream)
                .tag("path", "presence")
                .register(meters);
        this.viaBroadcast = Counter.builder("chat.notify.deliveries")
                .description("delivery messages published to instance channels")
                .tag("stream", stream)
                .tag("path", "broadcast")
                .register(meters);
        this.offline = Counter.builder("chat.notify.offline")
                .description("notified users with no online device (they pull on their next connect)")
                .tag("stream", stream)
                .register(meters);
        this.failures = Counter.builder("chat.notify.failures")
                .description("delivery messages that could not be published (the pull recovers them)")
                .tag("stream", stream)
                .register(meters);
    }

    /** Publishes the notifications; completes (never errors) with what was done. */
    public Mono<Report> deliver(List<Notification> notifications) {
        if (notifications.isEmpty()) {
            return Mono.just(Report.NOTHING);
        }
        List<String> users =
                notifications.stream().map(Notification::user).distinct().toList();
        return locator.locate(users)
                .map(locations ->
                        new Plan(byPresence(notifications, locations), users.size() - online(users, locations), false))
                .onErrorResume(error -> {
                    log.warn(
                            "user look-up failed, broadcasting to every instance: users={} error={}",
                            users.size(),
                            error.toString());
                    return redis.opsForSet()
                            .members(RedisKeys.INSTANCES)
                            .collectList()
                            .map(instances -> new Plan(broadcast(notifications, instances), 0, true));
                })
                .flatMap(this::publish)
                .onErrorResume(error -> {
                    failures.increment();
                    log.warn("users not notified: users={} error={}", users.size(), error.toString());
                    return Mono.just(new Report(0, 0, false, 1));
                });
    }

    private record Plan(List<Message> messages, int offlineUsers, boolean broadcast) {}

    private static int online(List<String> users, Map<String, List<DeviceLocation>> locations) {
        int online = 0;
        for (String user : users) {
            List<DeviceLocation> devices = locations.get(user);
            if (devices != null && !devices.isEmpty()) {
                online++;
            }
        }
        return online;
    }

    private List<Message> byPresence(List<Notification> notifications, Map<String, List<DeviceLocation>> locations) {
        Map<String, Map<ServerFrame, Set<String>>> byInstance = new LinkedHashMap<>();
        for (Notification notification : notifications) {
            List<DeviceLocation> devices = locations.get(notification.user());
            if (devices == null) {
                continue;
            }
            for (DeviceLocation device : devices) {
                byInstance
                        .computeIfAbsent(device.instance(), instance -> new LinkedHashMap<>())
                        .computeIfAbsent(notification.frame(), frame -> new LinkedHashSet<>())
                        .add(notification.user());
            }
        }
        List<Message> messages = new ArrayList<>();
        byInstance.forEach((instance, frames) -> frames.forEach((frame, users) ->
                encode(frame, List.copyOf(users), payload -> messages.add(new Message(instance, payload)))));
        return messages;
    }

    private List<Message> broadcast(List<Notification> notifications, List<String> instances) {
        Map<ServerFrame, Set<String>> byFrame = new LinkedHashMap<>();
        for (Notification notification : notifications) {
            byFrame.computeIfAbsent(notification.frame(), frame -> new LinkedHashSet<>())
                    .add(notification.user());
        }
        List<String> payloads = new ArrayList<>();
        byFrame.forEach((frame, users) -> encode(frame, List.copyOf(users), payloads::add));
        List<Message> messages = new ArrayList<>(payloads.size() * instances.size());
        for (String instance : instances) {
            for (String payload : payloads) {
                messages.add(new Message(instance, payload));
            }
        }
        return messages;
    }

    private void encode(ServerFrame frame, List<String> users, java.util.function.Consumer<String> out) {
        for (int from = 0; from < users.size(); from += USERS_PER_DELIVERY) {
            List<String> part = users.subList(from, Math.min(users.size(), from + USERS_PER_DELIVERY));
            out.accept(json.writeValueAsString(new UserDelivery(part, frame)));
        }
    }

    private Mono<Report> publish(Plan plan) {
        offline.increment(plan.offlineUsers());
        Counter published = plan.broadcast() ? viaBroadcast : viaPresence;
        return Flux.fromIterable(plan.messages())
                .flatMap(
                        message -> redis.execute(
                                        SHARDED_PUBLISH,
                                        List.of(Channels.instance(message.instance())),
                                        List.of(message.payload()))
                                .then(Mono.just(true))
                                .timeout(timeout)
                                .onErrorResume(error -> {
                                    log.warn(
                                            "delivery not published: instance={} error={}",
                                            message.instance(),
                                            error.toString());
                                    return Mono.just(false);
                                }),
                        PUBLISH_CONCURRENCY)
                .reduce(new int[2], (counts, ok) -> {
                    counts[ok ? 0 : 1]++;
                    return counts;
                })
                .map(counts -> {
                    published.increment(counts[0]);
                    failures.increment(counts[1]);
                    return new Report(counts[0], plan.offlineUsers(), plan.broadcast(), counts[1]);
                });
    }
}
