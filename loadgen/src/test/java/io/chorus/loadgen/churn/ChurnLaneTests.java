package io.chorus.loadgen.churn;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.util.concurrent.DefaultEventExecutor;
import io.netty.util.concurrent.EventExecutor;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class ChurnLaneTests {

    private static final Duration TIMEOUT = Duration.ofSeconds(10);

    private final EventExecutor loop = new DefaultEventExecutor();
    private final EventExecutor otherLoop = new DefaultEventExecutor();

    @AfterEach
    void stopLoops() {
        loop.shutdownGracefully(0, 1, TimeUnit.SECONDS);
        otherLoop.shutdownGracefully(0, 1, TimeUnit.SECONDS);
    }

    /** A connection as the churn sees it: what was written, and whether it is still connected and writable. */
    static final class FakeLink implements ChurnConnection.Link {

        final List<String> sent = new CopyOnWriteArrayList<>();
        volatile boolean connected = true;
        volatile boolean writable = true;

        @Override
        public boolean send(String text) {
            if (!connected || !writable) {
                return false;
            }
            sent.add(text);
            return true;
        }

        @Override
        public boolean connected() {
            return connected;
        }

        String last() {
            return sent.get(sent.size() - 1);
        }
    }

    @Test
    void aCycleJoinsLeavesAtOnceAndReturnsToThePool() throws Exception {
        ChurnCycle cycle = cycle(Duration.ZERO, List.of("r0"));
        FakeLink link = new FakeLink();
        ChurnConnection connection = add(cycle, link, loop);

        cycle.start(1);
        await(() -> link.sent.size() == 1);
        assertThat(link.sent).containsExactly("{\"type\":\"join\",\"id\":\"c-1\",\"room\":\"r0\"}");
        assertThat(cycle.stats().inFlight()).isEqualTo(1);

        boolean consumed = on(
                loop,
                () -> connection.onFrame(
                        "{\"type\":\"joined\",\"id\":\"c-1\",\"room\":\"r0\",\"viewers\":1,\"recent\":[],\"giftSeq\":0}",
                        System.nanoTime()));
        assertThat(consumed).isTrue();
        assertThat(link.last()).isEqualTo("{\"type\":\"leave\",\"id\":\"c-2\",\"room\":\"r0\"}");
        on(loop, () -> connection.onFrame("{\"type\":\"left\",\"id\":\"c-2\",\"room\":\"r0\"}", System.nanoTime()));

        assertThat(cycle.stats()).isEqualTo(new ChurnLane.Stats(1, 1, 0, 0, 0));
        assertThat(cycle.joinLatency().count()).isEqualTo(1);
        assertThat(cycle.leaveLatency().count()).isEqualTo(1);
        cycle.start(1);
        await(() -> link.sent.size() == 3);
        assertThat(link.last()).startsWith("{\"type\":\"join\",\"id\":\"c-3\",");
    }

    @Test
    void aResetAfterTheWarmUpForgetsCountsLatenciesAndFailuresButCountsTheCycleStillInFlight() throws Exception {
        ChurnCycle cycle = cycle(Duration.ZERO, List.of("r0"));
        FakeLink link = new FakeLink();
        ChurnConnection connection = add(cycle, link, loop);
        add(cycle, new FakeLink(), loop);
        cycle.start(3); // two start, one finds the pool empty
        await(() -> cycle.stats().exhausted() == 1);
        on(loop, () -> connection.onFrame("{\"type\":\"joined\",\"id\":\"c-1\",\"room\":\"r0\"}", System.nanoTime()));
        cycle.failures.add("room_not_found");
        assertThat(cycle.stats().joins()).isEqualTo(1);

        cycle.reset();

        assertThat(cycle.stats()).isEqualTo(new ChurnLane.Stats(0, 0, 0, 2, 0));
        assertThat(cycle.joinLatency().count()).isZero();
        assertThat(cycle.failures.total()).isZero();
        on(loop, () -> connection.onFrame("{\"type\":\"left\",\"id\":\"c-2\",\"room\":\"r0\"}", System.nanoTime()));
        assertThat(cycle.stats()).isEqualTo(new ChurnLane.Stats(0, 1, 0, 1, 0));
        assertThat(cycle.leaveLatency().count()).isEqualTo(1);
    }

    @Test
    void aStartWithoutAnIdleConnectionCountsAsExhausted() throws Exception {
        ChurnCycle cycle = cycle(Duration.ZERO, List.of("r0"));
        FakeLink first = new FakeLink();
        FakeLink second = new FakeLink();
        add(cycle, first, loop);
        add(cycle, second, loop);

        cycle.start(3);

        await(() -> cycle.stats().exhausted() == 1);
        assertThat(first.sent).hasSize(1);
        assertThat(second.sent).hasSize(1);
        assertThat(cycle.stats().inFlight()).isEqualTo(2);
    }

    @Test
    void anErrorReplyCountsItsCodeAndTheConnectionGoesBackToThePool() throws Exception {
        ChurnCycle cycle = cycle(Duration.ZERO, List.of("r0"));
        FakeLink link = new FakeLink();
        ChurnConnection connection = add(cycle, link, loop);
        cycle.start(1);
        await(() -> link.sent.size() == 1);

        on(
                loop,
                () -> connection.onFrame(
                        "{\"type\":\"error\",\"id\":\"c-1\",\"code\":\"room_not_found\",\"message\":\"x\"}",
                        System.nanoTime()));

        assertThat(cycle.failures.snapshot()).isEqualTo(Map.of("room_not_found", 1L));
        assertThat(cycle.stats()).isEqualTo(new ChurnLane.Stats(0, 0, 0, 0, 0));
        cycle.start(1);
        await(() -> link.sent.size() == 2);
    }

    @Test
    void aReplyToAnotherRequestIsConsumedButChangesNothing() throws Exception {
        ChurnCycle cycle = cycle(Duration.ZERO, List.of("r0"));
        FakeLink link = new FakeLink();
        ChurnConnection connection = add(cycle, link, loop);
        cycle.start(1);
        await(() -> link.sent.size() == 1);

        boolean consumed = on(
                loop,
                () -> connection.onFrame("{\"type\":\"joined\",\"id\":\"c-7\",\"room\":\"r0\"}", System.nanoTime()));
        boolean left = on(
                loop,
                () -> connection.onFrame("{\"type\":\"left\",\"id\":\"c-1\",\"room\":\"r0\"}", System.nanoTime()));

        assertThat(consumed).isTrue();
        assertThat(left).isTrue();
        assertThat(link.sent).hasSize(1);
        assertThat(cycle.stats()).isEqualTo(new ChurnLane.Stats(0, 0, 0, 1, 0));
    }

    @Test
    void pongsGoOnToTheClient() throws Exception {
        ChurnCycle cycle = cycle(Duration.ZERO, List.of("r0"));
        ChurnConnection connection = add(cycle, new FakeLink(), loop);

        assertThat(on(loop, () -> connection.onFrame("{\"type\":\"pong\",\"id\":\"5\"}", 0)))
                .isFalse();
        assertThat(on(loop, () -> connection.onFrame("{\"type\":\"room.batch\",\"room\":\"r0\",\"msgs\":[]}", 0)))
                .isTrue();
    }

    @Test
    void theSweepFailsCyclesOlderThanTheTimeoutAndTakesTheirConnectionsOutOfThePool() throws Exception {
        ChurnCycle cycle = cycle(Duration.ZERO, List.of("r0"));
        FakeLink slow = new FakeLink();
        FakeLink fast = new FakeLink();
        ChurnConnection slowConnection = add(cycle, slow, loop);
        ChurnConnection fastConnection = add(cycle, fast, loop);
        cycle.start(2);
        await(() -> slow.sent.size() == 1 && fast.sent.size() == 1);
        on(loop, () -> fastConnection.onFrame("{\"type\":\"joined\",\"id\":\"c-1\"}", System.nanoTime()));
        ChurnLane lane = lane(cycle, loop);

        on(loop, () -> {
            lane.sweep(System.nanoTime() + TIMEOUT.toNanos() / 2);
            return null;
        });
        assertThat(cycle.failures.total()).isZero();
        on(loop, () -> {
            lane.sweep(System.nanoTime() + TIMEOUT.toNanos() + 1);
            return null;
        });

        assertThat(cycle.failures.snapshot()).isEqualTo(Map.of("timeout:join", 1L, "timeout:leave", 1L));
        assertThat(cycle.stats()).isEqualTo(new ChurnLane.Stats(1, 0, 0, 0, 2));
        on(loop, () -> slowConnection.onFrame("{\"type\":\"joined\",\"id\":\"c-1\"}", System.nanoTime()));
        cycle.start(1);
        await(() -> cycle.stats().exhausted() == 1);
        assertThat(slow.sent).hasSize(1);
        assertThat(cycle.stats().joins()).isEqualTo(1);
    }

    @Test
    void aDroppedConnectionLeavesThePoolAndTheNextIdleOneStartsTheCycle() throws Exception {
        ChurnCycle cycle = cycle(Duration.ZERO, List.of("r0"));
        FakeLink dropped = new FakeLink();
        FakeLink open = new FakeLink();
        add(cycle, dropped, loop);
        add(cycle, open, loop);
        dropped.connected = false;

        cycle.start(1);

        await(() -> open.sent.size() == 1);
        assertThat(cycle.failures.snapshot()).isEqualTo(Map.of("not connected", 1L));
        assertThat(cycle.stats()).isEqualTo(new ChurnLane.Stats(0, 0, 0, 1, 1));
    }

    @Test
    void aFullOutboundBufferFailsTheStartButKeepsTheConnection() throws Exception {
        ChurnCycle cycle = cycle(Duration.ZERO, List.of("r0"));
        FakeLink link = new FakeLink();
        add(cycle, link, loop);
        link.writable = false;

        cycle.start(1);
        await(() -> cycle.failures.total() == 1);
        link.writable = true;
        cycle.start(1);

        await(() -> link.sent.size() == 1);
        assertThat(cycle.failures.snapshot()).isEqualTo(Map.of("outbound buffer full", 1L));
        assertThat(cycle.stats()).isEqualTo(new ChurnLane.Stats(0, 0, 0, 1, 0));
    }

    @Test
    void withAHoldTheLeaveFollowsAfterTheHold() throws Exception {
        ChurnCycle cycle = cycle(Duration.ofMillis(300), List.of("r0"));
        FakeLink link = new FakeLink();
        ChurnConnection connection = add(cycle, link, loop);
        cycle.start(1);
        await(() -> link.sent.size() == 1);

        long joinedAt = System.nanoTime();
        on(loop, () -> connection.onFrame("{\"type\":\"joined\",\"id\":\"c-1\"}", joinedAt));
        assertThat(link.sent).hasSize(1);
        assertThat(cycle.stats().inFlight()).isEqualTo(1);

        await(() -> link.sent.size() == 2);
        assertThat(System.nanoTime() - joinedAt)
                .isGreaterThanOrEqualTo(Duration.ofMillis(300).toNanos());
        assertThat(link.last()).isEqualTo("{\"type\":\"leave\",\"id\":\"c-2\",\"room\":\"r0\"}");
    }

    @Test
    void startsAreSplitOverTheLoopsWithTheRemainderTakingTurns() throws Exception {
        ChurnCycle cycle = cycle(Duration.ZERO, List.of("r0", "r1"));
        List<FakeLink> onFirst = List.of(new FakeLink(), new FakeLink(), new FakeLink(), new FakeLink());
        List<FakeLink> onSecond = List.of(new FakeLink(), new FakeLink(), new FakeLink(), new FakeLink());
        onFirst.forEach(link -> add(cycle, link, loop));
        onSecond.forEach(link -> add(cycle, link, otherLoop));

        cycle.start(3);
        await(() -> sent(onFirst) + sent(onSecond) == 3);
        assertThat(sent(onFirst)).isEqualTo(2);
        assertThat(sent(onSecond)).isEqualTo(1);
        cycle.start(3);
        await(() -> sent(onFirst) + sent(onSecond) == 6);

        assertThat(sent(onFirst)).isEqualTo(3);
        assertThat(sent(onSecond)).isEqualTo(3);
        assertThat(cycle.lanes()).isEqualTo(2);
        assertThat(cycle.stats().inFlight()).isEqualTo(6);
    }

    private static int sent(List<FakeLink> links) {
        return links.stream().mapToInt(link -> link.sent.size()).sum();
    }

    private static ChurnCycle cycle(Duration hold, List<String> rooms) {
        return new ChurnCycle(rooms, hold, TIMEOUT);
    }

    private static ChurnConnection add(ChurnCycle cycle, FakeLink link, EventExecutor loop) {
        ChurnConnection connection = new ChurnConnection();
        cycle.add(connection, link, loop);
        return connection;
    }

    private static ChurnLane lane(ChurnCycle cycle, EventExecutor loop) {
        return cycle.lane(loop);
    }

    private static <T> T on(EventExecutor loop, Callable<T> work) throws Exception {
        return loop.submit(work).get(5, TimeUnit.SECONDS);
    }

    private static void await(java.util.function.BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("condition not met within 5 s");
            }
            Thread.sleep(5);
        }
    }
}
