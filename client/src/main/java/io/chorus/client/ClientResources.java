package io.chorus.client;

import io.netty.channel.ChannelOption;
import java.time.Duration;
import reactor.core.scheduler.Scheduler;
import reactor.core.scheduler.Schedulers;
import reactor.netty.http.client.HttpClient;
import reactor.netty.resources.LoopResources;

/**
 * What many clients of one process share: the reactor-netty {@link HttpClient} (its event loops), the
 * {@link FrameCodec} and the timer scheduler of request timeouts, heartbeats and backoff delays. A client
 * holds no thread nor buffer of its own, so a load generator runs tens of thousands of them.
 *
 * <p>WebSocket sessions never go back to a pool, so the HTTP client is built without one ({@link
 * HttpClient#newConnection()}): a pool would cap and queue the connections. Nagle's algorithm is off
 * ({@code TCP_NODELAY}): Netty's socket channels turn it off by default on every platform but Android, and the
 * option is set here as well so that no transport or default can bring it back; with it on, a small frame
 * written while an earlier one waits for its acknowledgement would wait too, up to the peer's delayed-ACK
 * timeout (40 ms on Linux).
 */
public final class ClientResources {

    private static final ClientResources SHARED =
            new ClientResources(noDelay(HttpClient.newConnection()), FrameCodec.shared(), Schedulers.parallel());

    private final HttpClient httpClient;
    private final FrameCodec codec;
    private final Scheduler timer;

    private ClientResources(HttpClient httpClient, FrameCodec codec, Scheduler timer) {
        this.httpClient = httpClient;
        this.codec = codec;
        this.timer = timer;
    }

    /** Reactor-netty's global event loops, the shared codec and Reactor's parallel scheduler. */
    public static ClientResources shared() {
        return SHARED;
    }

    /** Dedicated event loops, e.g. {@code LoopResources.create("loadgen", 1, true)} to stay on one core. */
    public static ClientResources create(LoopResources loops) {
        return of(noDelay(HttpClient.newConnection().runOn(loops)), FrameCodec.shared(), Schedulers.parallel());
    }

    private static HttpClient noDelay(HttpClient client) {
        return client.option(ChannelOption.TCP_NODELAY, true);
    }

    /** Full control; {@code httpClient} should not pool connections. */
    public static ClientResources of(HttpClient httpClient, FrameCodec codec, Scheduler timer) {
        return new ClientResources(httpClient, codec, timer);
    }

    /** The same resources with a TCP connect timeout. */
    public ClientResources withConnectTimeout(Duration timeout) {
        return new ClientResources(
                httpClient.option(ChannelOption.CONNECT_TIMEOUT_MILLIS, (int) timeout.toMillis()), codec, timer);
    }

    public HttpClient httpClient() {
        return httpClient;
    }

    public FrameCodec codec() {
        return codec;
    }

    public Scheduler timer() {
        return timer;
    }
}
