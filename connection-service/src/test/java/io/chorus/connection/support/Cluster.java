package io.chorus.connection.support;

import io.chorus.connection.ConnectionServiceApplication;
import io.chorus.connection.support.StubHttpServer.Answer;
import io.chorus.test.ChorusInfrastructure;
import io.chorus.test.TestTokens;
import io.lettuce.core.RedisClient;
import io.lettuce.core.api.sync.RedisCommands;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

/**
 * Two connection-service instances ({@code cs-a}, {@code cs-b}) in this JVM on random ports, sharing the REAL
 * Redis of {@link ChorusInfrastructure}, with a stub standing in for room-, gift- and presence-service:
 * rooms named {@code missing*} do not exist, {@code ended*} are closed, every other room is live; chat is
 * accepted. Started once per test JVM and shared by the integration test classes.
 */
public final class Cluster {

    /** One running instance. */
    public record Instance(String id, ConfigurableApplicationContext context, int port) {
        public <T> T bean(Class<T> type) {
            return context.getBean(type);
        }
    }

    private static Cluster cluster;

    public final Instance a;
    public final Instance b;
    public final StubHttpServer upstream;
    public final RedisCommands<String, String> redis;
    private final Map<String, Object> infrastructure;
    private final AtomicLong messageIds = new AtomicLong();

    private Cluster() {
        Map<String, Supplier<Object>> suppliers = new LinkedHashMap<>();
        ChorusInfrastructure.registerProperties(suppliers::put);
        infrastructure = new LinkedHashMap<>();
        // connection-service's only store is Redis: reading Kafka's or Cassandra's properties would start them
        suppliers.forEach((name, value) -> {
            if (name.startsWith("spring.data.redis.")) {
                infrastructure.put(name, value.get());
            }
        });
        upstream = new StubHttpServer().fallback(this::answer);
        a = start("cs-a");
        b = start("cs-b");
        String host = String.valueOf(infrastructure.getOrDefault("spring.data.redis.host", "127.0.0.1"));
        String port = String.valueOf(infrastructure.get("spring.data.redis.port"));
        redis = RedisClient.create("redis://" + host + ":" + port).connect().sync();
    }

    public static synchronized Cluster get() {
        if (cluster == null) {
            cluster = new Cluster();
        }
        return cluster;
    }

    /**
     * Starts one more instance on the same Redis, on event loops of its own so that closing it leaves the
     * others running (for tests that drain or stop it).
     */
    public Instance startIsolated(String instanceId, String... extraArgs) {
        return start(
                instanceId,
                new Class<?>[] {ConnectionServiceApplication.class, IsolatedNettyResources.class},
                extraArgs);
    }

    private Instance start(String instanceId, String... extraArgs) {
        return start(instanceId, new Class<?>[] {ConnectionServiceApplication.class}, extraArgs);
    }

    private Instance start(String instanceId, Class<?>[] sources, String... extraArgs) {
        Map<String, Object> properties = new LinkedHashMap<>(infrastructure);
        properties.put("server.port", 0);
        properties.put("chorus.jwt.secret", TestTokens.SECRET);
        properties.put("chorus.connection.instance-id", instanceId);
        properties.put("chorus.connection.upstream.room-service", upstream.uri());
        properties.put("chorus.connection.upstream.gift-service", upstream.uri());
        properties.put("chorus.connection.upstream.presence-service", upstream.uri());
        properties.put(
                "chorus.connection.upstream.snapshot-timeout", "5s"); // a shared build machine: cold calls are slow
        // a short unsubscribe grace: the tests see the last leave unsubscribe quickly, through the grace path
        properties.put("chorus.connection.route.unsubscribe-grace", "300ms");
        properties.put("spring.main.banner-mode", "off");
        for (String extra : extraArgs) {
            String[] pair = extra.substring(2).split("=", 2);
            properties.put(pair[0], pair[1]);
        }
        List<String> args = new ArrayList<>();
        properties.forEach((name, value) -> args.add("--" + name + "=" + value));
        ConfigurableApplicationContext context = new SpringApplicationBuilder(sources).run(args.toArray(String[]::new));
        int port = Integer.parseInt(context.getEnvironment().getProperty("local.server.port"));
        return new Instance(instanceId, context, port);
    }

    /** Publishes a frame into a room channel, as room-service and gift-service do. */
    public long publishToRoom(String room, String frame) {
        return redis.spublish(io.chorus.protocol.Channels.room(room), frame);
    }

    /** How many subscribers (instances) Redis counts on a room's channel. */
    public long roomSubscribers(String room) {
        String channel = io.chorus.protocol.Channels.room(room);
        Map<String, Long> counts = redis.pubsubShardNumsub(channel);
        return counts.getOrDefault(channel, 0L);
    }

    private Answer answer(String request) {
        String[] parts = request.split(" ", 2);
        String path = parts[1];
        if (parts[0].equals("GET") && path.endsWith("/snapshot")) {
            String room = path.substring("/internal/rooms/".length(), path.length() - "/snapshot".length());
            if (room.startsWith("missing")) {
                return Answer.problem(404, "room_not_found");
            }
            String state = room.startsWith("ended") ? "closed" : "live";
            return Answer.json(200, "{\"room\":\"" + room + "\",\"state\":\"" + state + "\",\"recent\":[]}");
        }
        if (parts[0].equals("POST") && path.endsWith("/messages")) {
            if (path.contains("/quiet")) {
                return Answer.problem(429, "slow_mode");
            }
            return Answer.json(200, "{\"msgId\":\"m-" + messageIds.incrementAndGet() + "\",\"shed\":false}");
        }
        if (parts[0].equals("POST")
                && (path.equals("/internal/presence/batch") || path.equals("/internal/rooms/viewers"))) {
            return Answer.json(204, "");
        }
        return Answer.problem(404, "not_found");
    }
}
