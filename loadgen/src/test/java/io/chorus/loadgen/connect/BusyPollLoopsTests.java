package io.chorus.loadgen.connect;

import static org.assertj.core.api.Assertions.assertThat;

import io.netty.channel.EventLoop;
import io.netty.channel.epoll.EpollSocketChannel;
import io.netty.channel.socket.SocketChannel;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class BusyPollLoopsTests {

    @Test
    void anIdleBusyLoopRunsTasksFromOtherThreadsAndTimersWithoutAnyIo() throws Exception {
        BusyPollLoops loops = new BusyPollLoops("test", 1);
        try {
            EventLoop loop = loops.onClient(true).next();
            loop.submit(() -> {}).get(5, TimeUnit.SECONDS);
            Thread.sleep(100); // the loop is idle: nothing queued, nothing due, no I/O
            CompletableFuture<Boolean> handedOver = new CompletableFuture<>();
            loop.execute(() -> handedOver.complete(loop.inEventLoop()));
            CompletableFuture<Long> timer = new CompletableFuture<>();
            long scheduledAt = System.nanoTime();
            loop.submit(() -> loop.schedule(
                            () -> timer.complete(System.nanoTime() - scheduledAt), 50, TimeUnit.MILLISECONDS))
                    .get(5, TimeUnit.SECONDS);

            assertThat(handedOver.get(5, TimeUnit.SECONDS)).isTrue();
            assertThat(timer.get(5, TimeUnit.SECONDS))
                    .isGreaterThanOrEqualTo(Duration.ofMillis(50).toNanos());
        } finally {
            loops.disposeLater(Duration.ZERO, Duration.ofSeconds(5)).block(Duration.ofSeconds(10));
        }
        assertThat(loops.isDisposed()).isTrue();
    }

    @Test
    void anIdleBusyLoopKeepsPollingInsteadOfSleeping() throws Exception {
        BusyPollLoops loops = new BusyPollLoops("test", 1);
        try {
            EventLoop loop = loops.onClient(true).next();
            long threadId = loop.submit(() -> Thread.currentThread().getId()).get(5, TimeUnit.SECONDS);
            ThreadMXBean threads = ManagementFactory.getThreadMXBean();
            long before = threads.getThreadCpuTime(threadId);

            Thread.sleep(500);

            // a sleeping epoll loop would use next to nothing; a busy one gets all the CPU the machine gives it
            assertThat(threads.getThreadCpuTime(threadId) - before)
                    .isGreaterThan(Duration.ofMillis(20).toNanos());
        } finally {
            loops.disposeLater(Duration.ZERO, Duration.ofSeconds(5)).block(Duration.ofSeconds(10));
        }
    }

    @Test
    void reactorNettyOpensEpollChannelsOnIt() {
        BusyPollLoops loops = new BusyPollLoops("test", 1);
        try {
            assertThat(loops.onChannelClass(SocketChannel.class, loops.onClient(true)))
                    .isEqualTo(EpollSocketChannel.class);
        } finally {
            loops.disposeLater(Duration.ZERO, Duration.ofSeconds(5)).block(Duration.ofSeconds(10));
        }
    }
}
