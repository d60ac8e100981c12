package io.chorus.connection.lifecycle;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.netty.util.concurrent.DefaultEventExecutor;
import io.netty.util.concurrent.EventExecutor;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The watchdog against a real Netty executor, with a manual clock: lag recorded, a blocked loop reported once. */
class EventLoopWatchdogTests {

    private final DefaultEventExecutor loop = new DefaultEventExecutor();
    private final SimpleMeterRegistry registry = new SimpleMeterRegistry();
    private final AtomicLong clock = new AtomicLong(1_000_000);
    private final EventLoopWatchdog watchdog = new EventLoopWatchdog(
            () -> List.<EventExecutor>of(loop), Duration.ofMillis(100), Duration.ofSeconds(1), registry, clock::get);

    @AfterEach
    void stopLoop() {
        loop.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
    }

    @Test
    void recordsHowLongTheProbeWaitedAndReportsABlockedLoopOncePerEpisode() throws Exception {
        CountDownLatch release = new CountDownLatch(1);
        loop.execute(() -> await(release)); // a task that holds the loop

        watchdog.runOnce(); // probe queued behind it
        advance(Duration.ofMillis(600));
        watchdog.runOnce(); // still pending, below the threshold
        assertThat(blocked()).isZero();

        advance(Duration.ofMillis(900)); // 1.5 s
        watchdog.runOnce();
        watchdog.runOnce();
        assertThat(blocked()).isEqualTo(1); // once for the episode

        release.countDown();
        loop.submit(() -> {}).get(5, TimeUnit.SECONDS); // the probe ran before this
        Timer lag = registry.get(EventLoopWatchdog.LAG).timer();
        assertThat(lag.count()).isEqualTo(1);
        assertThat(lag.max(TimeUnit.MILLISECONDS)).isEqualTo(1500);

        watchdog.runOnce(); // a fresh probe on a free loop: no wait
        loop.submit(() -> {}).get(5, TimeUnit.SECONDS);
        assertThat(lag.count()).isEqualTo(2);
        assertThat(lag.totalTime(TimeUnit.MILLISECONDS)).isEqualTo(1500);

        // a second episode is reported again
        CountDownLatch again = new CountDownLatch(1);
        loop.execute(() -> await(again));
        watchdog.runOnce();
        advance(Duration.ofSeconds(2));
        watchdog.runOnce();
        assertThat(blocked()).isEqualTo(2);
        again.countDown();
    }

    @Test
    void aLoopThatKeepsUpIsNeverReported() throws Exception {
        for (int i = 0; i < 20; i++) {
            watchdog.runOnce();
            loop.submit(() -> {}).get(5, TimeUnit.SECONDS);
            advance(Duration.ofMillis(100));
        }
        assertThat(blocked()).isZero();
        assertThat(registry.get(EventLoopWatchdog.LAG).timer().count()).isEqualTo(20);
    }

    private double blocked() {
        return registry.get(EventLoopWatchdog.BLOCKED).counter().count();
    }

    private void advance(Duration by) {
        clock.addAndGet(by.toNanos());
    }

    private static void await(CountDownLatch latch) {
        try {
            latch.await(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Test
    void anOverloadedLoopIsCountedEveryEpisodeButLoggedOncePerMinute() throws Exception {
        ch.qos.logback.classic.Logger logger =
                (ch.qos.logback.classic.Logger) org.slf4j.LoggerFactory.getLogger(EventLoopWatchdog.class);
        ch.qos.logback.core.read.ListAppender<ch.qos.logback.classic.spi.ILoggingEvent> appender =
                new ch.qos.logback.core.read.ListAppender<>();
        appender.start();
        logger.addAppender(appender);
        try {
            for (int episode = 0; episode < 3; episode++) { // three episodes within a minute
                blockFor(Duration.ofSeconds(2));
                advance(Duration.ofSeconds(5));
            }
            assertThat(blocked()).isEqualTo(3);
            assertThat(appender.list)
                    .filteredOn(event -> event.getFormattedMessage().startsWith("event loop blocked"))
                    .hasSize(1);
            assertThat(appender.list)
                    .filteredOn(event -> event.getFormattedMessage().startsWith("event loop running again"))
                    .hasSize(1);

            advance(EventLoopWatchdog.LOG_EVERY);
            blockFor(Duration.ofSeconds(2));
            assertThat(blocked()).isEqualTo(4);
            assertThat(appender.list)
                    .filteredOn(event -> event.getFormattedMessage().startsWith("event loop blocked"))
                    .hasSize(2);
        } finally {
            logger.detachAppender(appender);
        }
    }

    @Test
    void loopsThatWereReplacedAreLookedUpAgain() throws Exception {
        DefaultEventExecutor replacement = new DefaultEventExecutor();
        List<EventExecutor> current = new java.util.concurrent.CopyOnWriteArrayList<>(List.of(loop));
        EventLoopWatchdog watching = new EventLoopWatchdog(
                () -> current, Duration.ofMillis(100), Duration.ofSeconds(1), registry, clock::get);
        try {
            watching.runOnce();
            loop.submit(() -> {}).get(5, TimeUnit.SECONDS);
            loop.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
            current.set(0, replacement);

            watching.runOnce(); // the old loop is shut down: forget the loops
            watching.runOnce(); // look them up again and probe the new one
            replacement.submit(() -> {}).get(5, TimeUnit.SECONDS);

            assertThat(registry.get(EventLoopWatchdog.LAG).timer().count()).isEqualTo(2);
            advance(Duration.ofSeconds(5));
            watching.runOnce();
            assertThat(blocked()).isZero(); // nothing waits on the dead loop
        } finally {
            replacement.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
        }
    }

    /** Holds the loop for {@code duration} of the manual clock, with the watchdog ticking, then frees it. */
    private void blockFor(Duration duration) throws Exception {
        CountDownLatch release = new CountDownLatch(1);
        loop.execute(() -> await(release));
        watchdog.runOnce();
        advance(duration);
        watchdog.runOnce();
        release.countDown();
        loop.submit(() -> {}).get(5, TimeUnit.SECONDS);
        watchdog.runOnce(); // sees the probe ran: the episode ends
        loop.submit(() -> {}).get(5, TimeUnit.SECONDS);
    }
}
