package io.chorus.connection.hub;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.chorus.connection.broker.Broker;
import io.chorus.connection.broker.InMemoryBroker;
import io.chorus.connection.metrics.ConnectionMetrics;
import io.chorus.connection.metrics.ConnectionMetrics.DropReason;
import io.chorus.connection.route.RouteIndex;
import io.github.resilience4j.bulkhead.Bulkhead;
import io.github.resilience4j.bulkhead.BulkheadConfig;
import io.github.resilience4j.ratelimiter.RateLimiter;
import io.github.resilience4j.ratelimiter.RateLimiterConfig;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.netty.buffer.UnpooledByteBufAllocator;
import io.netty.channel.DefaultEventLoop;
import io.netty.channel.EventLoop;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

class HubTests {

    private static final String LOW_BATCH =
            "{\"type\":\"room.batch\",\"room\":\"r1\",\"msgs\":[{\"msgId\":\"m1\",\"from\":\"u\",\"name\":\"n\","
                    + "\"text\":\"hi\",\"ts\":1,\"prio\":\"low\"}]}";
    private static final String HIGH_BATCH = LOW_BATCH.replace("\"low\"", "\"high\"");
    private static final String GIFT = "{\"type\":\"gift\",\"room\":\"r1\",\"seq\":1,\"giftId\":\"g1\",\"from\":\"u\","
            + "\"to\":\"s\",\"gift\":\"rose\",\"amount\":1,\"ts\":1}";

    private final EventLoop loopA = new DefaultEventLoop();
    private final EventLoop loopB = new DefaultEventLoop();
    private final InMemoryBroker broker = new InMemoryBroker();
    private final RecordingRoutes routes = new RecordingRoutes();
    private final ConnectionMetrics metrics = new ConnectionMetrics(new SimpleMeterRegistry());

    @AfterEach
    void stopLoops() {
        loopA.shutdownGracefully(0, 0, TimeUnit.SECONDS);
        loopB.shutdownGracefully(0, 0, TimeUnit.SECONDS);
    }

    @Test
    void firstJoinSubscribesAndLastLeaveUnsubscribes() {
        Hub hub = hub(1_000_000, 1024);
        RecordingSubscriber first = new RecordingSubscriber(loopA);
        RecordingSubscriber second = new RecordingSubscriber(loopB);

        hub.join("r1", first);
        hub.join("r1", second);
        assertThat(broker.subscribedRooms()).containsExactly("r1");
        assertThat(routes.events).containsExactly("+r1");
        assertThat(hub.viewers("r1")).isEqualTo(2);

        hub.leave("r1", first);
        assertThat(broker.subscribedRooms()).containsExactly("r1");
        hub.leave("r1", second);
        assertThat(broker.subscribedRooms()).isEmpty();
        assertThat(routes.events).containsExactly("+r1", "-r1");
        assertThat(hub.roomCount()).isZero();
        assertThat(hub.leave("r1", second)).isFalse();
    }

    @Test
    void theLastLeaveKeepsTheRoomSubscribedForTheGraceAndAViewerComingBackCostsNoNewSubscription() {
        OrderedBroker ordered = new OrderedBroker();
        AtomicLong now = new AtomicLong(-5_000_000_000L); // System.nanoTime() may be negative
        Hub hub = graceful(ordered, Duration.ofSeconds(2), now::get);
        RecordingSubscriber viewer = new RecordingSubscriber(loopA);

        hub.join("r1", viewer);
        hub.leave("r1", viewer);
        assertThat(ordered.subscribed).containsExactly("r1");
        assertThat(hub.viewers("r1")).isZero();
        assertThat(hub.roomCount()).isZero();
        assertThat(hub.largestRooms(10)).isEmpty();
        assertThat(hub.idleRooms()).isEqualTo(1);

        now.addAndGet(1_000_000_000L);
        assertThat(hub.sweepIdle()).isZero();
        hub.join("r1", viewer); // back within the grace: the subscription is still there
        assertThat(ordered.subscriptions.get()).isEqualTo(1);
        assertThat(routes.events).containsExactly("+r1");
        assertThat(hub.idleRooms()).isZero();

        hub.leave("r1", viewer);
        now.addAndGet(1_500_000_000L); // 2.5 s after the first leave, 1.5 s after the second
        assertThat(hub.sweepIdle()).isZero();
        assertThat(ordered.subscribed).containsExactly("r1");
        now.addAndGet(500_000_000L);
        assertThat(hub.sweepIdle()).isEqualTo(1);
        assertThat(ordered.subscribed).isEmpty();
        assertThat(routes.events).containsExactly("+r1", "-r1");
        assertThat(hub.idleRooms()).isZero();
        assertThat(ordered.violations).isEmpty();

        hub.join("r1", viewer); // a new first viewer subscribes again
        assertThat(ordered.subscriptions.get()).isEqualTo(2);
    }

    @Test
    void racingJoinsLeavesAndSweepsNeverLeaveViewersWithoutASubscription() throws Exception {
        OrderedBroker ordered = new OrderedBroker();
        Hub hub = graceful(ordered, Duration.ofNanos(100_000), System::nanoTime);
        List<RecordingSubscriber> viewers = new ArrayList<>();
        for (int i = 0; i < 16; i++) {
            viewers.add(new RecordingSubscriber(i % 2 == 0 ? loopA : loopB));
        }
        ExecutorService pool = Executors.newFixedThreadPool(9);
        java.util.concurrent.atomic.AtomicBoolean running = new java.util.concurrent.atomic.AtomicBoolean(true);
        pool.execute(() -> {
            while (running.get()) {
                hub.sweepIdle();
            }
        });
        List<java.util.concurrent.Future<?>> churn = new ArrayList<>();
        for (int thread = 0; thread < 8; thread++) {
            int first = thread * 2; // each thread moves its own two viewers: a joined viewer stays until it leaves
            churn.add(pool.submit(() -> {
                ThreadLocalRandom random = ThreadLocalRandom.current();
                for (int i = 0; i < 20_000; i++) {
                    RecordingSubscriber viewer = viewers.get(first + random.nextInt(2));
                    String room = "room-" + random.nextInt(3);
                    if (random.nextBoolean()) {
                        hub.join(room, viewer);
                        if (!ordered.subscribed.contains(room)) {
                            ordered.violations.add("viewer without subscription " + room);
                        }
                    } else {
                        hub.leave(room, viewer);
                    }
                }
            }));
        }
        for (java.util.concurrent.Future<?> done : churn) {
            done.get(60, TimeUnit.SECONDS);
        }
        running.set(false);
        pool.shutdown();
        assertThat(pool.awaitTermination(60, TimeUnit.SECONDS)).isTrue();

        int live = 0;
        for (int room = 0; room < 3; room++) {
            String id = "room-" + room;
            if (hub.viewers(id) > 0) {
                assertThat(ordered.subscribed).contains(id);
                live++;
            }
        }
        // the counters kept under the shard locks agree with the rooms themselves
        assertThat(hub.roomCount()).isEqualTo(live);
        assertThat(hub.idleRooms()).isEqualTo(ordered.subscribed.size() - live);
        for (RecordingSubscriber viewer : viewers) {
            for (int room = 0; room < 3; room++) {
                hub.leave("room-" + room, viewer);
            }
        }
        Thread.sleep(5);
        hub.sweepIdle();
        assertThat(ordered.subscribed).isEmpty();
        assertThat(ordered.violations).isEmpty();
        assertThat(hub.idleRooms()).isZero();
        assertThat(hub.roomCount()).isZero();
    }

    @Test
    void aFrameReachesEveryLocalViewerOnceWithTheSameBytes() {
        Hub hub = hub(1_000_000, 1024);
        RecordingSubscriber onA = new RecordingSubscriber(loopA);
        RecordingSubscriber alsoOnA = new RecordingSubscriber(loopA);
        RecordingSubscriber onB = new RecordingSubscriber(loopB);
        RecordingSubscriber elsewhere = new RecordingSubscriber(loopB);
        hub.join("r1", onA);
        hub.join("r1", alsoOnA);
        hub.join("r1", onB);
        hub.join("r2", elsewhere);

        broker.publish("r1", LOW_BATCH.getBytes(StandardCharsets.UTF_8));

        await().atMost(Duration.ofSeconds(5))
                .untilAsserted(() -> assertThat(List.of(onA.frames, alsoOnA.frames, onB.frames))
                        .allSatisfy(frames -> assertThat(frames).containsExactly(LOW_BATCH)));
        assertThat(elsewhere.frames).isEmpty();

        hub.leave("r1", onA);
        broker.publish("r1", GIFT.getBytes(StandardCharsets.UTF_8));
        await().atMost(Duration.ofSeconds(5)).until(() -> onB.frames.size() == 2);
        assertThat(onA.frames).containsExactly(LOW_BATCH);
    }

    @Test
    void theFanoutFollowsEveryJoinAndLeaveBetweenFrames() {
        Hub hub = hub(1_000_000, 1024);
        int rounds = 20;
        List<RecordingSubscriber> viewers = new ArrayList<>();
        java.util.Map<RecordingSubscriber, Integer> expected = new java.util.HashMap<>();
        for (int round = 0; round < rounds; round++) {
            RecordingSubscriber joiner = new RecordingSubscriber(round % 2 == 0 ? loopA : loopB);
            hub.join("r1", joiner);
            viewers.add(joiner);
            expected.put(joiner, rounds - round);
            if (round % 3 == 2) {
                RecordingSubscriber leaver = viewers.remove(0);
                hub.leave("r1", leaver);
                expected.merge(leaver, round - rounds, Integer::sum); // no frames from this round on
            }
            String frame = GIFT.replace("\"seq\":1", "\"seq\":" + round);
            int sent = round;
            broker.publish("r1", frame.getBytes(StandardCharsets.UTF_8));
            await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> assertThat(viewers)
                    .allSatisfy(viewer ->
                            assertThat(viewer.frames).last().asString().contains("\"seq\":" + sent + ",")));
        }
        // every viewer got exactly the frames published while it was a member
        expected.forEach((viewer, count) -> assertThat(viewer.frames).hasSize(count));
        assertThat(hub.viewers("r1")).isEqualTo(viewers.size());
    }

    @Test
    void aSlowConsumerLosesChatterButNeverGiftsOrHighPriorityBatches() {
        Hub hub = hub(1_000_000, 1024);
        RecordingSubscriber slow = new RecordingSubscriber(loopA);
        RecordingSubscriber fast = new RecordingSubscriber(loopA);
        slow.slow = true;
        hub.join("r1", slow);
        hub.join("r1", fast);

        broker.publish("r1", LOW_BATCH.getBytes(StandardCharsets.UTF_8));
        broker.publish("r1", GIFT.getBytes(StandardCharsets.UTF_8));
        broker.publish("r1", HIGH_BATCH.getBytes(StandardCharsets.UTF_8));

        await().atMost(Duration.ofSeconds(5)).until(() -> fast.frames.size() == 3);
        await().atMost(Duration.ofSeconds(5)).until(() -> slow.frames.size() == 2);
        assertThat(slow.frames).containsExactly(GIFT, HIGH_BATCH);
        assertThat(metrics.dropCount(DropReason.SLOW_CONSUMER, false)).isEqualTo(1);
        assertThat(metrics.dropCount(DropReason.SLOW_CONSUMER, true)).isZero();
    }

    @Test
    void anExhaustedBudgetShedsChatterButNotGifts() {
        Hub hub = hub(10, 1024); // one delivery per 100 ms period
        RecordingSubscriber first = new RecordingSubscriber(loopA);
        RecordingSubscriber second = new RecordingSubscriber(loopB);
        hub.join("r1", first);
        hub.join("r1", second);

        broker.publish("r1", LOW_BATCH.getBytes(StandardCharsets.UTF_8)); // spends the period's permit
        broker.publish("r1", LOW_BATCH.getBytes(StandardCharsets.UTF_8)); // shed
        broker.publish("r1", GIFT.getBytes(StandardCharsets.UTF_8));

        await().atMost(Duration.ofSeconds(5)).untilAsserted(() -> assertThat(List.of(first.frames, second.frames))
                .allSatisfy(frames -> assertThat(frames).containsExactly(LOW_BATCH, GIFT)));
        assertThat(metrics.dropCount(DropReason.OVERLOAD, false)).isEqualTo(2);
    }

    @Test
    void aFullBacklogShedsChatterButNotGifts() throws Exception {
        Hub hub = hub(1_000_000, 1);
        RecordingSubscriber viewer = new RecordingSubscriber(loopA);
        hub.join("r1", viewer);
        CountDownLatch blocked = new CountDownLatch(1);
        loopA.execute(() -> hold(blocked)); // the event loop is busy: fan-out tasks wait

        broker.publish("r1", LOW_BATCH.getBytes(StandardCharsets.UTF_8)); // holds the only permit
        broker.publish("r1", LOW_BATCH.getBytes(StandardCharsets.UTF_8)); // shed
        broker.publish("r1", GIFT.getBytes(StandardCharsets.UTF_8)); // never shed
        blocked.countDown();

        await().atMost(Duration.ofSeconds(5)).until(() -> viewer.frames.size() == 2);
        assertThat(viewer.frames).containsExactly(LOW_BATCH, GIFT);
        assertThat(metrics.dropCount(DropReason.BACKLOG, false)).isEqualTo(1);
    }

    @Test
    void framesArrivingTogetherShareOneFlushPerConnection() throws Exception {
        Hub hub = hub(1_000_000, 1024);
        RecordingSubscriber viewer = new RecordingSubscriber(loopA);
        hub.join("r1", viewer);
        CountDownLatch blocked = new CountDownLatch(1);
        loopA.execute(() -> hold(blocked));
        for (int i = 0; i < 10; i++) {
            broker.publish("r1", GIFT.getBytes(StandardCharsets.UTF_8));
        }
        blocked.countDown();

        await().atMost(Duration.ofSeconds(5)).until(() -> viewer.frames.size() == 10);
        assertThat(viewer.flushes).isEqualTo(1);
    }

    @Test
    void roomClosedIsDeliveredThenEveryViewerIsRemoved() {
        Hub hub = hub(1_000_000, 1024);
        RecordingSubscriber viewer = new RecordingSubscriber(loopA);
        hub.join("r1", viewer);
        String closed = "{\"type\":\"room.closed\",\"room\":\"r1\"}";

        broker.publish("r1", closed.getBytes(StandardCharsets.UTF_8));

        await().atMost(Duration.ofSeconds(5)).until(() -> viewer.frames.contains(closed));
        assertThat(viewer.closedRooms).containsExactly("r1");
        assertThat(hub.viewers("r1")).isZero();
        assertThat(broker.subscribedRooms()).isEmpty();
    }

    @Test
    void racingJoinsAndLeavesLeaveTheSubscriptionExactlyWhenViewersRemain() throws Exception {
        OrderedBroker ordered = new OrderedBroker();
        Hub hub = graceful(ordered, Duration.ZERO, System::nanoTime);
        List<RecordingSubscriber> viewers = new ArrayList<>();
        for (int i = 0; i < 16; i++) {
            viewers.add(new RecordingSubscriber(i % 2 == 0 ? loopA : loopB));
        }
        ExecutorService pool = Executors.newFixedThreadPool(8);
        for (int thread = 0; thread < 8; thread++) {
            pool.execute(() -> {
                ThreadLocalRandom random = ThreadLocalRandom.current();
                for (int i = 0; i < 20_000; i++) {
                    RecordingSubscriber viewer = viewers.get(random.nextInt(viewers.size()));
                    String room = "room-" + random.nextInt(3);
                    if (random.nextBoolean()) {
                        hub.join(room, viewer);
                    } else {
                        hub.leave(room, viewer);
                    }
                }
            });
        }
        pool.shutdown();
        assertThat(pool.awaitTermination(60, TimeUnit.SECONDS)).isTrue();

        for (int room = 0; room < 3; room++) {
            String id = "room-" + room;
            assertThat(ordered.subscribed.contains(id)).isEqualTo(hub.viewers(id) > 0);
        }
        assertThat(ordered.violations).isEmpty();
        for (RecordingSubscriber viewer : viewers) {
            for (int room = 0; room < 3; room++) {
                hub.leave("room-" + room, viewer);
            }
        }
        assertThat(ordered.subscribed).isEmpty();
        assertThat(hub.roomCount()).isZero();
    }

    private Hub graceful(Broker broker, Duration grace, java.util.function.LongSupplier nanos) {
        return newHub(broker, 1_000_000, 1024, grace, nanos);
    }

    private Hub newHub(
            Broker broker, int lowPerSecond, int maxPending, Duration grace, java.util.function.LongSupplier nanos) {
        return new Hub(
                broker,
                routes,
                new FrameClassifier(JsonMapper.builder().build()),
                metrics,
                budget(lowPerSecond),
                backlog(maxPending),
                UnpooledByteBufAllocator.DEFAULT,
                grace,
                nanos);
    }

    private Hub hub(int lowPerSecond, int maxPending) {
        Hub hub = newHub(broker, lowPerSecond, maxPending, Duration.ZERO, System::nanoTime);
        broker.setHandler(new Broker.Handler() {
            @Override
            public void onRoomMessage(String room, byte[] payload) {
                hub.onRoomMessage(room, payload);
            }

            @Override
            public void onInstanceMessage(byte[] payload) {}
        });
        return hub;
    }

    private static RateLimiter budget(int perSecond) {
        return RateLimiter.of(
                "budget",
                RateLimiterConfig.custom()
                        .limitRefreshPeriod(Duration.ofMillis(100))
                        .limitForPeriod(Math.max(1, perSecond / 10))
                        .timeoutDuration(Duration.ZERO)
                        .build());
    }

    private static Bulkhead backlog(int maxPending) {
        return Bulkhead.of(
                "backlog",
                BulkheadConfig.custom()
                        .maxConcurrentCalls(maxPending)
                        .maxWaitDuration(Duration.ZERO)
                        .build());
    }

    private static void hold(CountDownLatch latch) {
        try {
            latch.await(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static final class RecordingRoutes implements RouteIndex {
        final List<String> events = new CopyOnWriteArrayList<>();

        @Override
        public java.util.concurrent.CompletableFuture<Void> roomActive(String room) {
            events.add("+" + room);
            return java.util.concurrent.CompletableFuture.completedFuture(null);
        }

        @Override
        public void roomInactive(String room) {
            events.add("-" + room);
        }
    }

    /** Checks that subscribe and unsubscribe alternate per room, as Redis would see them. */
    private static final class OrderedBroker implements Broker {
        final Set<String> subscribed = ConcurrentHashMap.newKeySet();
        final AtomicLong subscriptions = new AtomicLong();
        final List<String> violations = new CopyOnWriteArrayList<>();

        @Override
        public void setHandler(Handler handler) {}

        @Override
        public CompletableFuture<Void> subscribe(String room) {
            subscriptions.incrementAndGet();
            if (!subscribed.add(room)) {
                violations.add("double subscribe " + room);
            }
            return CompletableFuture.completedFuture(null);
        }

        @Override
        public CompletableFuture<Void> unsubscribe(String room) {
            if (!subscribed.remove(room)) {
                violations.add("unsubscribe without subscription " + room);
            }
            return CompletableFuture.completedFuture(null);
        }

        @Override
        public CompletableFuture<Void> subscribeInstance(String instanceId) {
            return CompletableFuture.completedFuture(null);
        }

        @Override
        public Set<String> subscribedRooms() {
            return Set.copyOf(subscribed);
        }
    }
}
