package io.chorus.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import io.chorus.e2e.support.Chorus;
import io.chorus.e2e.support.Chorus.Service;
import io.chorus.e2e.support.DumpLogsOnFailure;
import io.chorus.e2e.support.Rest;
import io.chorus.e2e.support.ServiceProcess;
import io.chorus.e2e.support.Sockets;
import io.chorus.e2e.support.Sockets.Viewer;
import io.chorus.e2e.support.StallProbe;
import io.chorus.e2e.support.WsClient;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import tools.jackson.databind.JsonNode;

/**
 * Issue 4: room-service and two connection-service instances as processes, viewers split across both, 500 chat
 * messages per second into one room for 3 s. Every client receives at most the room's budget of chatter (20/s) and
 * every high-priority message; the rest is shed, counted, and acknowledged with {@code shed: true}; a message reaches
 * the viewers on both instances exactly once.
 */
@ExtendWith(DumpLogsOnFailure.class)
class ChatFloodAcrossInstancesIntegrationTests {

    private static final int BUDGET = 20;
    private static final int VIEWERS_PER_INSTANCE = 10;
    private static final int SENDERS = 250;
    private static final int MESSAGES_PER_SENDER = 6; // 2 per second for 3 s: within the 5 + 1/s bucket per user
    private static final int HIGH_PER_SENDER = 12; // streamer and a moderator, 4 per second each
    private static final Duration REPLY_TIMEOUT = Duration.ofSeconds(15);

    @Test
    void fiveHundredMessagesPerSecondReachEveryViewerWithinTheBudgetAndHighPriorityAlways() throws Exception {
        Chorus.require(Service.ROOM, Service.PRESENCE, Service.GIFT, Service.CONNECTION_A, Service.CONNECTION_B);
        ServiceProcess a = Chorus.get(Service.CONNECTION_A);
        ServiceProcess b = Chorus.get(Service.CONNECTION_B);
        String run = UUID.randomUUID().toString().substring(0, 8);
        String streamer = "streamer-" + run;
        String room = Sockets.createRoom("flood-" + run, streamer);

        List<Viewer> viewerSpecs = new ArrayList<>();
        for (int i = 0; i < 2 * VIEWERS_PER_INSTANCE; i++) {
            viewerSpecs.add(new Viewer("viewer-" + run + "-" + i, i % 2 == 0 ? a : b));
        }
        List<Viewer> senderSpecs = new ArrayList<>();
        for (int i = 0; i < SENDERS; i++) {
            senderSpecs.add(new Viewer("sender-" + run + "-" + i, i % 2 == 0 ? a : b));
        }
        warmUp(run, a, b);
        double shedLowBefore = Rest.prometheus(Chorus.room(), "chat_room_messages_shed_total", "prio=\"low\"");
        double shedBudgetBefore =
                Rest.prometheus(Chorus.room(), "chat_room_messages_shed_total", "reason=\"budget\"", "prio=\"low\"");
        double shedHighBefore = Rest.prometheus(Chorus.room(), "chat_room_messages_shed_total", "prio=\"high\"");
        double dropsHighBefore = highDrops(a) + highDrops(b);

        List<WsClient> viewers = Sockets.connectAndJoin(viewerSpecs, room);
        List<WsClient> senders = Sockets.connectAndJoin(senderSpecs, room);
        List<WsClient> highSenders = Sockets.connectAndJoin(
                List.of(new Viewer(streamer, a, "streamer"), new Viewer("mod-" + run, b, "moderator")), room);
        List<WsClient> everyone = new ArrayList<>(viewers);
        everyone.addAll(senders);
        everyone.addAll(highSenders);
        try {
            Map<WsClient, List<String>> lowIds = new ConcurrentHashMap<>();
            Map<WsClient, List<String>> highIds = new ConcurrentHashMap<>();
            StallProbe stalls = new StallProbe();
            long floodStartedAt = System.nanoTime();
            flood(senders, highSenders, room, lowIds, highIds);

            // every request is answered: chatter acked (kept or shed) or refused by a per-user limit, high acked
            List<JsonNode> lowAcks = new ArrayList<>();
            int lowUnavailable = 0;
            for (Map.Entry<WsClient, List<String>> sent : lowIds.entrySet()) {
                for (String id : sent.getValue()) {
                    JsonNode reply = sent.getKey().awaitReply(id, REPLY_TIMEOUT);
                    if (reply.path("type").asString().equals("ack")) {
                        lowAcks.add(reply);
                    } else {
                        assertThat(reply.path("code").asString())
                                .as("refusal of %s", id)
                                .isIn("rate_limited", "unavailable");
                        if (reply.path("code").asString().equals("unavailable")) {
                            lowUnavailable++;
                        }
                    }
                }
            }
            // high priority is never shed; a sender whose request timed out ('unavailable': room-service did not
            // answer within the connection tier's 3 s on a starved machine) retries, as the protocol tells it to
            Set<String> highAcked = new HashSet<>();
            int highRetries = 0;
            for (Map.Entry<WsClient, List<String>> sent : highIds.entrySet()) {
                WsClient sender = sent.getKey();
                for (String id : sent.getValue()) {
                    JsonNode reply = sender.awaitReply(id, REPLY_TIMEOUT);
                    for (int attempt = 1;
                            attempt <= 3 && reply.path("code").asString("").equals("unavailable");
                            attempt++) {
                        highRetries++;
                        reply = sender.awaitReply(
                                sender.send("chat", "room", room, "text", "retry " + attempt + " of " + id),
                                REPLY_TIMEOUT);
                    }
                    assertThat(reply.path("type").asString())
                            .as("high reply %s", reply)
                            .isEqualTo("ack");
                    assertThat(reply.path("shed").asBoolean())
                            .as("high shed %s", reply)
                            .isFalse();
                    highAcked.add(reply.path("msgId").asString());
                }
            }
            Set<String> lowKept = new HashSet<>();
            Set<String> lowShed = new HashSet<>();
            for (JsonNode ack : lowAcks) {
                (ack.path("shed").asBoolean() ? lowShed : lowKept)
                        .add(ack.path("msgId").asString());
            }
            System.out.printf(
                    "chat flood e2e: sent %d chatter + %d high; acked %d chatter (%d kept, %d shed), %d chatter"
                            + " unavailable, %d high retried after unavailable, %d joins sent again%n",
                    SENDERS * MESSAGES_PER_SENDER,
                    2 * HIGH_PER_SENDER,
                    lowAcks.size(),
                    lowKept.size(),
                    lowShed.size(),
                    lowUnavailable,
                    highRetries,
                    Sockets.LOST_JOINS.get());
            assertThat(highAcked).hasSize(2 * HIGH_PER_SENDER);
            // most chatter was accepted and most of that shed. A starved machine answers some 'unavailable' (Redis
            // commands time out at 2 s there); past half of them the flood did not happen as intended
            assertThat(lowAcks.size()).isGreaterThanOrEqualTo(SENDERS * MESSAGES_PER_SENDER / 2);
            assertThat(lowShed.size()).isGreaterThan(lowAcks.size() / 2);
            assertThat(lowKept.size()).isGreaterThanOrEqualTo(10);

            // every kept message was published before its ack was sent, so before this moment
            long repliesDoneAt = System.nanoTime();
            Thread.sleep(1500); // the last windows reach every instance and socket
            stalls.close();
            Map<String, List<Long>> lowArrivalsByViewer = new HashMap<>();
            Map<String, List<long[]>> lowTimesByViewer = new HashMap<>();
            Set<String> deliveredLowSomewhere = new HashSet<>();
            for (WsClient socket : everyone) {
                List<String> high = new ArrayList<>();
                List<String> low = new ArrayList<>();
                List<Long> lowArrivals = new ArrayList<>();
                List<long[]> lowTimes = new ArrayList<>(); // {accepted at (ts), arrived at}, both epoch millis
                for (WsClient.Frame frame : socket.frames("room.batch")) {
                    assertThat(frame.json().path("room").asString()).isEqualTo(room);
                    for (JsonNode message : frame.json().path("msgs")) {
                        String id = message.path("msgId").asString();
                        if (message.path("prio").asString().equals("high")) {
                            high.add(id);
                        } else {
                            low.add(id);
                            lowArrivals.add(frame.nanos());
                            lowTimes.add(new long[] {message.path("ts").asLong(), frame.millis()});
                        }
                    }
                }
                // exactly once: no message twice on one socket
                assertThat(new HashSet<>(high)).as("%s high", socket.name()).hasSize(high.size());
                assertThat(new HashSet<>(low)).as("%s chatter", socket.name()).hasSize(low.size());
                // every high-priority message, on both instances (plus at most the timed-out ones that went out)
                assertThat(high).as("%s high", socket.name()).containsAll(highAcked);
                assertThat(high.size())
                        .as("%s high", socket.name())
                        .isLessThanOrEqualTo(highAcked.size() + highRetries);
                // all chatter acked as kept; nothing shed arrives; at most the answers lost to 'unavailable' extra
                assertThat(low)
                        .as("%s chatter", socket.name())
                        .containsAll(lowKept)
                        .doesNotContainAnyElementsOf(lowShed);
                assertThat(low.size())
                        .as("%s chatter", socket.name())
                        .isLessThanOrEqualTo(lowKept.size() + lowUnavailable);
                deliveredLowSomewhere.addAll(low);
                lowArrivalsByViewer.put(socket.name(), lowArrivals);
                lowTimesByViewer.put(socket.name(), lowTimes);
            }
            // the same chatter reached every socket on both instances (checked above against the acks)
            assertThat(deliveredLowSomewhere.size()).isLessThanOrEqualTo(lowKept.size() + lowUnavailable);

            // the budget per client. Over the whole flood: at most the budget per second (Redis time, 1.05 s log) of
            // the time between the first send and the last ack, plus one second. In any 1.05 s of publication: at most
            // the budget. A message is published after it was accepted (its ts) and before it arrives (same host
            // clock), so messages accepted at or after T that arrived by T + 1.05 s were all published in that span:
            // a sound check that delivery jitter can only loosen, never fail
            double floodSeconds = (repliesDoneAt - floodStartedAt) / 1e9;
            int worstArrivalWindow = 0;
            int worstPublicationWindow = 0;
            for (Map.Entry<String, List<Long>> viewer : lowArrivalsByViewer.entrySet()) {
                List<Long> arrivals = viewer.getValue();
                assertThat(arrivals.size())
                        .as("%s chatter over %.1f s", viewer.getKey(), floodSeconds)
                        .isLessThanOrEqualTo((int) (BUDGET * (floodSeconds + 1)));
                int published = maxCertainlyPublishedWithin(lowTimesByViewer.get(viewer.getKey()), 1050);
                worstPublicationWindow = Math.max(worstPublicationWindow, published);
                assertThat(published)
                        .as("%s chatter certainly published within one 1.05 s span", viewer.getKey())
                        .isLessThanOrEqualTo(BUDGET);
                worstArrivalWindow = Math.max(worstArrivalWindow, maxInAnyWindow(arrivals, Duration.ofMillis(1000)));
            }
            System.out.printf(
                    "chat flood e2e: flood to last ack %.1f s; most chatter on one socket: %d certainly published in"
                            + " one 1.05 s span, %d arrived in one second (the test JVM stalled up to %d ms)%n",
                    floodSeconds, worstPublicationWindow, worstArrivalWindow, stalls.maxStallMillis());

            // sheds are counted by reason and priority; nothing high was shed or dropped anywhere
            double shedLow =
                    Rest.prometheus(Chorus.room(), "chat_room_messages_shed_total", "prio=\"low\"") - shedLowBefore;
            double shedBudget =
                    Rest.prometheus(Chorus.room(), "chat_room_messages_shed_total", "reason=\"budget\"", "prio=\"low\"")
                            - shedBudgetBefore;
            System.out.printf(
                    "chat flood e2e: room-service counted %.0f chatter shed (%.0f by budget)%n", shedLow, shedBudget);
            assertThat(shedLow).isBetween((double) lowShed.size(), (double) lowShed.size() + lowUnavailable);
            assertThat(shedBudget).isPositive();
            assertThat(Rest.prometheus(Chorus.room(), "chat_room_messages_shed_total", "prio=\"high\""))
                    .isEqualTo(shedHighBefore);
            assertThat(highDrops(a) + highDrops(b)).isEqualTo(dropsHighBefore);
        } finally {
            everyone.forEach(WsClient::close);
        }
    }

    /** 500 chatter messages per second for 3 s, round robin over the senders, and 4 high per second per sender. */
    private static void flood(
            List<WsClient> senders,
            List<WsClient> highSenders,
            String room,
            Map<WsClient, List<String>> lowIds,
            Map<WsClient, List<String>> highIds)
            throws InterruptedException {
        int total = SENDERS * MESSAGES_PER_SENDER;
        ScheduledExecutorService ticks = Executors.newScheduledThreadPool(2);
        AtomicInteger next = new AtomicInteger();
        AtomicInteger highNext = new AtomicInteger();
        CountDownLatch done = new CountDownLatch(2);
        ticks.scheduleAtFixedRate(
                () -> {
                    for (int i = 0; i < 5; i++) { // 5 per 10 ms
                        int n = next.getAndIncrement();
                        if (n >= total) {
                            done.countDown();
                            throw new IllegalStateException("done"); // ends this schedule
                        }
                        WsClient sender = senders.get(n % SENDERS);
                        String id = sender.send("chat", "room", room, "text", "chatter " + n);
                        lowIds.computeIfAbsent(sender, s -> Collections.synchronizedList(new ArrayList<>()))
                                .add(id);
                    }
                },
                0,
                10,
                TimeUnit.MILLISECONDS);
        ticks.scheduleAtFixedRate(
                () -> {
                    int n = highNext.getAndIncrement();
                    if (n >= HIGH_PER_SENDER) {
                        done.countDown();
                        throw new IllegalStateException("done");
                    }
                    for (WsClient sender : highSenders) {
                        String id = sender.send("chat", "room", room, "text", "announcement " + n);
                        highIds.computeIfAbsent(sender, s -> Collections.synchronizedList(new ArrayList<>()))
                                .add(id);
                    }
                },
                5,
                250,
                TimeUnit.MILLISECONDS);
        assertThat(done.await(30, TimeUnit.SECONDS)).as("the flood was sent").isTrue();
        ticks.shutdownNow();
    }

    /** The most messages whose [accepted, arrived] interval lies within one span of the given length. */
    private static int maxCertainlyPublishedWithin(List<long[]> times, long spanMillis) {
        int max = 0;
        for (long[] start : times) {
            long from = start[0];
            int count = 0;
            for (long[] message : times) {
                if (message[0] >= from && message[1] < from + spanMillis) {
                    count++;
                }
            }
            max = Math.max(max, count);
        }
        return max;
    }

    /** Chat from 40 users into another room first: connection pools, scripts and code paths are warm for the flood. */
    private static void warmUp(String run, ServiceProcess a, ServiceProcess b) throws InterruptedException {
        String room = Sockets.createRoom("warm-" + run, "warm-streamer-" + run);
        List<Viewer> specs = new ArrayList<>();
        for (int i = 0; i < 40; i++) {
            specs.add(new Viewer("warm-" + run + "-" + i, i % 2 == 0 ? a : b));
        }
        List<WsClient> sockets = Sockets.connectAndJoin(specs, room);
        try {
            Map<WsClient, List<String>> ids = new HashMap<>();
            for (int round = 0; round < 4; round++) {
                for (WsClient socket : sockets) {
                    ids.computeIfAbsent(socket, s -> new ArrayList<>())
                            .add(socket.send("chat", "room", room, "text", "warm " + round));
                }
                Thread.sleep(100);
            }
            ids.forEach((socket, sent) -> sent.forEach(id -> socket.awaitReply(id, REPLY_TIMEOUT)));
        } finally {
            sockets.forEach(WsClient::close);
        }
    }

    private static int maxInAnyWindow(List<Long> nanos, Duration window) {
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

    private static double highDrops(ServiceProcess instance) {
        return Rest.prometheus(instance, "chat_connection_drops_total", "priority=\"high\"");
    }
}
