package io.chorus.room.support;

import io.chorus.protocol.Channels;
import io.lettuce.core.RedisClient;
import io.lettuce.core.pubsub.RedisPubSubAdapter;
import io.lettuce.core.pubsub.StatefulRedisPubSubConnection;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Predicate;
import org.awaitility.Awaitility;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * Stands in for a connection-service instance: SSUBSCRIBEs to a room's channel with Lettuce and records every
 * frame with its arrival time.
 */
public final class RoomChannelListener implements AutoCloseable {

    /** One frame as published: its raw JSON, parsed, and when it arrived (System.nanoTime, epoch millis). */
    public record Received(String json, JsonNode frame, long nanos, long millis) {

        public String type() {
            return frame.get("type").stringValue();
        }
    }

    private static final JsonMapper JSON = JsonMapper.builder().build();

    private final StatefulRedisPubSubConnection<String, String> connection;
    private final List<Received> frames = new CopyOnWriteArrayList<>();

    public RoomChannelListener(RedisClient client, String room) {
        this.connection = client.connectPubSub();
        String channel = Channels.room(room);
        connection.addListener(new RedisPubSubAdapter<>() {
            @Override
            public void smessage(String from, String message) {
                if (channel.equals(from)) {
                    frames.add(new Received(
                            message, JSON.readTree(message), System.nanoTime(), System.currentTimeMillis()));
                }
            }
        });
        connection.sync().ssubscribe(channel);
    }

    /** Forgets what arrived so far. */
    public void clear() {
        frames.clear();
    }

    public List<Received> frames() {
        return List.copyOf(frames);
    }

    public List<Received> frames(String type) {
        return frames.stream().filter(frame -> frame.type().equals(type)).toList();
    }

    /** Waits until a frame matching the predicate arrived, and returns it. */
    public Received await(Predicate<Received> predicate, Duration timeout) {
        Awaitility.await().atMost(timeout).pollInterval(Duration.ofMillis(10)).until(() -> frames.stream()
                .anyMatch(predicate));
        return frames.stream().filter(predicate).findFirst().orElseThrow();
    }

    /** Every message id carried by the {@code room.batch} frames so far. */
    public List<String> batchMessageIds() {
        return frames("room.batch").stream()
                .flatMap(frame -> frame.frame().get("msgs").valueStream())
                .map(msg -> msg.get("msgId").stringValue())
                .toList();
    }

    /** One delivered message with the arrival time of its frame. */
    public record Delivered(String msgId, String prio, long ts, long nanos, long millis) {}

    /** Every message delivered in {@code room.batch} frames so far, in arrival order. */
    public List<Delivered> delivered() {
        return frames("room.batch").stream()
                .flatMap(frame -> frame.frame()
                        .get("msgs")
                        .valueStream()
                        .map(msg -> new Delivered(
                                msg.get("msgId").stringValue(),
                                msg.get("prio").stringValue(),
                                msg.get("ts").longValue(),
                                frame.nanos(),
                                frame.millis())))
                .toList();
    }

    /** The most events of {@code nanos} within any span of {@code window} (a sliding window). */
    public static int maxInAnyWindow(List<Long> nanos, Duration window) {
        List<Long> sorted = nanos.stream().sorted().toList();
        int max = 0;
        int start = 0;
        for (int end = 0; end < sorted.size(); end++) {
            while (sorted.get(end) - sorted.get(start) >= window.toNanos()) {
                start++;
            }
            max = Math.max(max, end - start + 1);
        }
        return max;
    }

    @Override
    public void close() {
        connection.close();
    }
}
