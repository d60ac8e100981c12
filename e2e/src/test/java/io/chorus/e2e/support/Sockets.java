package io.chorus.e2e.support;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import tools.jackson.databind.JsonNode;

/** Opens many sockets in parallel and joins them to a room. */
public final class Sockets {

    private Sockets() {}

    /** One viewer to connect: its user, roles and the connection-service instance it connects to. */
    public record Viewer(String user, ServiceProcess instance, String... roles) {}

    public static List<WsClient> connectAndJoin(List<Viewer> viewers, String room) {
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try {
            List<Future<WsClient>> opening = new ArrayList<>();
            for (Viewer viewer : viewers) {
                opening.add(pool.submit(() -> {
                    WsClient socket = WsClient.connect(
                            viewer.user(), viewer.instance().webSocketUri(Jwt.user(viewer.user(), viewer.roles())));
                    joinOrRetryOnce(socket, room);
                    return socket;
                }));
            }
            List<WsClient> sockets = new ArrayList<>();
            for (Future<WsClient> socket : opening) {
                sockets.add(socket.get());
            }
            return sockets;
        } catch (Exception e) {
            throw new IllegalStateException("could not connect and join every viewer: " + e, e);
        } finally {
            pool.shutdownNow();
        }
    }

    /**
     * Joins; a join whose reply did not come within 15 s is sent once more (counted in {@link #LOST_JOINS} and
     * printed): the connection tier has a known loss of a first frame right after the upgrade (docs/testing.md).
     */
    public static void joinOrRetryOnce(WsClient socket, String room) {
        String id = socket.send("join", "room", room);
        try {
            socket.awaitReply(id, Duration.ofSeconds(15));
        } catch (AssertionError noReply) {
            int lost = LOST_JOINS.incrementAndGet();
            System.out.printf(
                    "%s: no reply to its join within 15 s (%d such so far); joining again%n", socket.name(), lost);
            socket.join(room, Duration.ofSeconds(15));
            return;
        }
        JsonNode reply = socket.replyTo(id);
        if (!reply.path("type").asString().equals("joined")) {
            throw new AssertionError(socket.name() + ": join " + room + " answered " + reply);
        }
    }

    /** Joins whose reply never came and that were sent again, in this JVM. */
    public static final AtomicInteger LOST_JOINS = new AtomicInteger();

    /** Creates a live room through room-service and returns its id. */
    public static String createRoom(String room, String streamer) {
        Rest.Answer created = Rest.post(
                Chorus.room().baseUrl() + "/api/rooms", Jwt.user(streamer, "streamer"), "{\"id\":\"" + room + "\"}");
        if (created.status() != 201) {
            throw new AssertionError("room " + room + " not created: " + created);
        }
        return room;
    }
}
