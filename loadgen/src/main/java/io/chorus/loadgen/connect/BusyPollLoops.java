package io.chorus.loadgen.connect;

import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.SelectStrategy;
import io.netty.channel.epoll.Epoll;
import io.netty.channel.epoll.EpollIoHandler;
import io.netty.util.concurrent.DefaultThreadFactory;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import reactor.core.publisher.Mono;
import reactor.netty.resources.LoopResources;

/**
 * Epoll event loops that never sleep in {@code epoll_wait}: with nothing queued the loop takes Netty's {@link
 * SelectStrategy#BUSY_WAIT} (one {@code epoll_wait} with a zero timeout and a CPU pause, then the loop turns
 * again), with tasks queued a plain {@code selectNow}. The loop's core is always busy, but no reply, no task
 * handed over by another thread and no timer waits for a wake-up (no eventfd write, no sleep and
 * reschedule of the loop's thread).
 */
final class BusyPollLoops implements LoopResources {

    private final EventLoopGroup group;

    BusyPollLoops(String prefix, int threads) {
        if (!Epoll.isAvailable()) {
            throw new IllegalStateException("--busy-poll needs native epoll (Linux)", Epoll.unavailabilityCause());
        }
        this.group = new MultiThreadIoEventLoopGroup(
                threads,
                new DefaultThreadFactory(prefix + "-busy", true),
                EpollIoHandler.newFactory(
                        0, () -> (selectNow, hasTasks) -> hasTasks ? selectNow.get() : SelectStrategy.BUSY_WAIT));
    }

    @Override
    public EventLoopGroup onServer(boolean useNative) {
        return group;
    }

    @Override
    public EventLoopGroup onClient(boolean useNative) {
        return group;
    }

    @Override
    public boolean daemon() {
        return true;
    }

    @Override
    public boolean isDisposed() {
        return group.isShuttingDown();
    }

    @Override
    public Mono<Void> disposeLater(Duration quietPeriod, Duration timeout) {
        return Mono.create(
                sink -> group.shutdownGracefully(quietPeriod.toMillis(), timeout.toMillis(), TimeUnit.MILLISECONDS)
                        .addListener(future -> sink.success()));
    }
}
