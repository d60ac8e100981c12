package io.chorus.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import io.chorus.e2e.support.Chorus;
import io.chorus.e2e.support.Chorus.Service;
import io.chorus.e2e.support.DumpLogsOnFailure;
import io.chorus.e2e.support.E2eInfra;
import io.chorus.e2e.support.Jwt;
import io.chorus.e2e.support.Poll;
import io.chorus.e2e.support.Rest;
import io.chorus.e2e.support.ServiceProcess;
import io.chorus.e2e.support.Sockets;
import io.chorus.e2e.support.WsClient;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import tools.jackson.databind.JsonNode;

/**
 * Issue 7: gifts flow into a room watched through two connection-service instances while the Kafka broker is
 * restarted (same port, same data) and then one connection-service instance is killed with SIGKILL; its viewers
 * reconnect to the other instance, rejoin and pull. Afterwards every viewer has every gift that got a 201, exactly
 * once, in sequence order, with no gap, by push or pull. Also measures 201 to gift frame on a viewer's socket.
 */
@ExtendWith(DumpLogsOnFailure.class)
class GiftsThroughFailuresIntegrationTests {

    private static final int VIEWERS_PER_INSTANCE = 6;
    private static final Duration STEADY = Duration.ofSeconds(6);
    /** Latency is sampled from gifts accepted in this part of the steady phase (warm, and well before the stop). */
    private static final long SAMPLE_FROM_NANOS = Duration.ofSeconds(1).toNanos();

    private static final long SAMPLE_UNTIL_NANOS = STEADY.minusMillis(1500).toNanos();

    private final String run = UUID.randomUUID().toString().substring(0, 8);
    private final String sender = Jwt.user("gifter-" + run);
    private final Map<String, String> accepted = new ConcurrentHashMap<>(); // key -> giftId
    private final Map<String, Long> acceptedAtNanos = new ConcurrentHashMap<>(); // giftId -> when the 201 arrived
    private final Set<String> steadyGifts = ConcurrentHashMap.newKeySet();
    private final List<String> unanswered = Collections.synchronizedList(new ArrayList<>());
    private volatile long startedAt;

    /** One viewer: the sockets it had (the first may have died with its instance) and what it pulled. */
    private static final class Viewer {
        final String user;
        final List<WsClient> sockets = new ArrayList<>();
        final Map<Long, String> pulled = new HashMap<>();
        int pulls;

        Viewer(String user, WsClient socket) {
            this.user = user;
            sockets.add(socket);
        }

        WsClient current() {
            return sockets.get(sockets.size() - 1);
        }

        /** The gift frames pushed to one socket, in arrival order. */
        static List<WsClient.Frame> pushed(WsClient socket, String room) {
            return socket.frames("gift").stream()
                    .filter(frame -> frame.json().path("room").asString().equals(room))
                    .toList();
        }

        long lastSeq(String room) {
            long last = 0;
            for (WsClient socket : sockets) {
                for (WsClient.Frame frame : pushed(socket, room)) {
                    last = Math.max(last, frame.json().path("seq").asLong());
                }
            }
            for (long seq : pulled.keySet()) {
                last = Math.max(last, seq);
            }
            return last;
        }
    }

    @Test
    void everyAcceptedGiftReachesEveryViewerOnceInOrderThroughABrokerRestartAndAnInstanceCrash() throws Exception {
        Chorus.require(Service.ROOM, Service.PRESENCE, Service.GIFT, Service.CONNECTION_A, Service.CONNECTION_B);
        ServiceProcess a = Chorus.get(Service.CONNECTION_A);
        ServiceProcess b = Chorus.get(Service.CONNECTION_B);
        String room = Sockets.createRoom("gifts-" + run, "streamer-" + run);

        List<Sockets.Viewer> specs = new ArrayList<>();
        for (int i = 0; i < 2 * VIEWERS_PER_INSTANCE; i++) {
            specs.add(new Sockets.Viewer("gift-viewer-" + run + "-" + i, i % 2 == 0 ? a : b));
        }
        List<WsClient> sockets = Sockets.connectAndJoin(specs, room);
        List<Viewer> stayers = new ArrayList<>();
        List<Viewer> movers = new ArrayList<>();
        for (int i = 0; i < sockets.size(); i++) {
            (i % 2 == 0 ? stayers : movers).add(new Viewer(specs.get(i).user(), sockets.get(i)));
        }
        List<Viewer> everyone = new ArrayList<>(stayers);
        everyone.addAll(movers);

        AtomicBoolean sending = new AtomicBoolean(true);
        List<Thread> senders = new ArrayList<>();
        startedAt = System.nanoTime();
        for (int t = 0; t < 2; t++) {
            Thread thread = new Thread(() -> sendWhile(sending, room), "gift-sender-" + t);
            thread.start();
            senders.add(thread);
        }
        try {
            Thread.sleep(STEADY.toMillis());

            // the broker goes away mid-stream and comes back on its port with its data
            long kafkaDownAt = System.nanoTime();
            E2eInfra.get().stopKafka();
            Thread.sleep(3000);
            E2eInfra.get().startKafka();
            System.out.printf(
                    "gifts e2e: Kafka down for %d ms%n",
                    TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - kafkaDownAt));
            Thread.sleep(3000);

            // an instance holding half the viewers dies; they reconnect to the other one, rejoin and pull
            b.kill9();
            for (Viewer mover : movers) {
                assertThat(mover.current().closed().get(15, TimeUnit.SECONDS))
                        .as("%s's socket on the killed instance", mover.user)
                        .isEqualTo(1006);
                long lastSeen = mover.lastSeq(room);
                WsClient socket = WsClient.connect(mover.user, a.webSocketUri(Jwt.user(mover.user)));
                mover.sockets.add(socket);
                String join = socket.send("join", "room", room);
                JsonNode joined = socket.awaitReply(join, Duration.ofSeconds(20));
                assertThat(joined.path("type").asString()).isEqualTo("joined");
                if (joined.path("giftSeq").asLong(Long.MAX_VALUE) > lastSeen) {
                    pull(mover, room, lastSeen, 1000);
                }
            }
            Thread.sleep(4000);
        } finally {
            sending.set(false);
            for (Thread thread : senders) {
                thread.join(60_000);
            }
        }

        try {
            // sends that got no answer (the broker was away) are retried with their key until each gets its 201
            Poll.until(
                    () -> {
                        for (String key : List.copyOf(unanswered)) {
                            if (send(room, key)) {
                                unanswered.remove(key);
                            }
                        }
                        return unanswered.size();
                    },
                    left -> left == 0,
                    Duration.ofSeconds(90),
                    "every gift sent accepted with its key");
            // the last gift, after every failure: every viewer must get it by push, which reveals any gap before it
            assertThat(send(room, UUID.randomUUID().toString())).isTrue();
            Set<String> acceptedIds = new HashSet<>(accepted.values());
            List<JsonNode> stored = Poll.until(
                    () -> pullAll(room),
                    gifts -> gifts.stream()
                            .map(g -> g.path("giftId").asString())
                            .toList()
                            .containsAll(acceptedIds),
                    Duration.ofSeconds(90),
                    "every accepted gift sequenced");
            long lastSeq = stored.size();

            // the store: a dense sequence, every accepted gift exactly once
            List<String> storedIds =
                    stored.stream().map(g -> g.path("giftId").asString()).toList();
            assertThat(stored.stream().map(g -> g.path("seq").asLong()).toList())
                    .isEqualTo(oneTo(lastSeq));
            assertThat(new HashSet<>(storedIds)).hasSize(storedIds.size()).containsAll(acceptedIds);
            Map<Long, String> truth = new TreeMap<>();
            stored.forEach(
                    g -> truth.put(g.path("seq").asLong(), g.path("giftId").asString()));

            for (Viewer viewer : everyone) {
                Poll.until(
                        () -> Viewer.pushed(viewer.current(), room).stream()
                                .mapToLong(f -> f.json().path("seq").asLong())
                                .max()
                                .orElse(0),
                        seq -> seq >= lastSeq,
                        Duration.ofSeconds(30),
                        viewer.user + " pushed the last gift");
            }
            int pushedTotal = 0;
            int gapPulls = 0;
            List<Long> latencies = new ArrayList<>();
            for (Viewer viewer : everyone) {
                Map<Long, String> has = new TreeMap<>(viewer.pulled);
                for (WsClient socket : viewer.sockets) {
                    long previous = 0;
                    for (WsClient.Frame frame : Viewer.pushed(socket, room)) {
                        long seq = frame.json().path("seq").asLong();
                        String giftId = frame.json().path("giftId").asString();
                        // pushed in sequence order on each socket, never twice
                        assertThat(seq)
                                .as("%s pushed seq after %d", viewer.user, previous)
                                .isGreaterThan(previous);
                        previous = seq;
                        String before = has.put(seq, giftId);
                        assertThat(before == null || before.equals(giftId))
                                .as("%s seq %d is %s and %s", viewer.user, seq, before, giftId)
                                .isTrue();
                        pushedTotal++;
                        Long acceptedAt = acceptedAtNanos.get(giftId);
                        if (acceptedAt != null && steadyGifts.contains(giftId)) {
                            latencies.add(frame.nanos() - acceptedAt);
                        }
                    }
                }
                // a gap is visible between the gifts the viewer has, and it pulls it
                long expected = 1;
                for (long seq : List.copyOf(has.keySet())) {
                    if (seq > expected) {
                        gapPulls++;
                        pull(viewer, room, expected - 1, (int) (seq - expected));
                        has.putAll(viewer.pulled);
                    }
                    expected = seq + 1;
                }
                assertThat(has)
                        .as("%s has every gift once, in order", viewer.user)
                        .isEqualTo(truth);
            }
            Collections.sort(latencies);
            System.out.printf(
                    "gifts e2e: %d accepted (201), %d stored, %d pushed frames to %d viewers, %d pulls on rejoin or"
                            + " gap (%d for gaps)%n",
                    acceptedIds.size(),
                    stored.size(),
                    pushedTotal,
                    everyone.size(),
                    everyone.stream().mapToInt(v -> v.pulls).sum(),
                    gapPulls);
            if (!latencies.isEmpty()) {
                System.out.printf(
                        "gifts e2e: 201 -> gift frame on a viewer's socket, steady phase, %d samples: p50 %.1f ms,"
                                + " p99 %.1f ms, max %.1f ms%n",
                        latencies.size(),
                        latencies.get(latencies.size() / 2) / 1e6,
                        latencies.get((int) Math.min(latencies.size() - 1, Math.ceil(latencies.size() * 0.99) - 1))
                                / 1e6,
                        latencies.get(latencies.size() - 1) / 1e6);
            }
            assertThat(latencies).isNotEmpty();
        } finally {
            everyone.forEach(v -> v.sockets.forEach(WsClient::close));
        }
    }

    private void sendWhile(AtomicBoolean sending, String room) {
        while (sending.get()) {
            String key = UUID.randomUUID().toString();
            if (!send(room, key)) {
                unanswered.add(key);
            }
            Poll.sleep(100);
        }
    }

    /** POSTs a gift with its idempotency key; true on 201. */
    private boolean send(String room, String key) {
        Rest.Answer answer = Rest.post(
                Chorus.gift().baseUrl() + "/api/rooms/" + room + "/gifts",
                sender,
                "{\"gift\":\"rose\",\"amount\":1}",
                Map.of("Idempotency-Key", key),
                Duration.ofSeconds(15));
        if (answer.status() != 201) {
            return false;
        }
        long at = System.nanoTime();
        String giftId = answer.json().path("giftId").asString();
        acceptedAtNanos.put(giftId, at);
        if (at - startedAt >= SAMPLE_FROM_NANOS && at - startedAt <= SAMPLE_UNTIL_NANOS) {
            steadyGifts.add(giftId);
        }
        accepted.put(key, giftId);
        return true;
    }

    private static void pull(Viewer viewer, String room, long after, int limit) {
        viewer.pulls++;
        Rest.Answer answer = Rest.get(
                Chorus.gift().baseUrl() + "/api/rooms/" + room + "/gifts?after=" + after + "&limit=" + limit,
                Jwt.user(viewer.user));
        assertThat(answer.status()).as("pull %s", answer).isEqualTo(200);
        for (JsonNode gift : answer.json().path("gifts")) {
            viewer.pulled.put(gift.path("seq").asLong(), gift.path("giftId").asString());
        }
    }

    private List<JsonNode> pullAll(String room) {
        List<JsonNode> all = new ArrayList<>();
        long after = 0;
        while (true) {
            Rest.Answer answer = Rest.get(
                    Chorus.gift().baseUrl() + "/api/rooms/" + room + "/gifts?after=" + after + "&limit=1000", sender);
            if (answer.status() != 200) {
                throw new IllegalStateException("pull: " + answer);
            }
            List<JsonNode> page = new ArrayList<>();
            answer.json().path("gifts").forEach(page::add);
            if (page.isEmpty()) {
                return all;
            }
            all.addAll(page);
            after = page.get(page.size() - 1).path("seq").asLong();
        }
    }

    private static List<Long> oneTo(long n) {
        List<Long> seqs = new ArrayList<>();
        for (long i = 1; i <= n; i++) {
            seqs.add(i);
        }
        return seqs;
    }
}
