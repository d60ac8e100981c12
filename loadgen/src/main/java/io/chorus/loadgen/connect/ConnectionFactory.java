package io.chorus.loadgen.connect;

import io.chorus.client.Backoff;
import io.chorus.client.ChorusClient;
import io.chorus.client.ChorusClientBuilder;
import io.chorus.client.ClientResources;
import io.chorus.client.RawFrameListener;
import java.util.List;
import reactor.netty.resources.LoopResources;

/**
 * Builds load-generator clients: one minted user per connection, source addresses round robin, shared
 * event loops and codec, no reconnects (a dropped connection is a result, not something to hide).
 */
public final class ConnectionFactory implements AutoCloseable {

    private final ConnectionSettings settings;
    private final TokenMinter minter;
    private final LoopResources loops;
    private final ClientResources resources;
    private final String userPrefix;
    private final List<String> roles;
    private final boolean ownsLoops;

    public ConnectionFactory(ConnectionSettings settings) {
        this(
                settings,
                new TokenMinter(settings.jwtSecret(), settings.tokenTtl()),
                settings.busyPoll()
                        ? new BusyPollLoops("loadgen", settings.eventLoops())
                        : LoopResources.create("loadgen", settings.eventLoops(), true),
                settings.userPrefix(),
                List.of(),
                true);
    }

    private ConnectionFactory(
            ConnectionSettings settings,
            TokenMinter minter,
            LoopResources loops,
            String userPrefix,
            List<String> roles,
            boolean ownsLoops) {
        this.settings = settings;
        this.minter = minter;
        this.loops = loops;
        this.resources = ClientResources.create(loops);
        this.userPrefix = userPrefix;
        this.roles = List.copyOf(roles);
        this.ownsLoops = ownsLoops;
    }

    /** The same factory for other users ({@code <userPrefix><index>}) with {@code roles}, e.g. publishers. */
    public ConnectionFactory as(String userPrefix, List<String> roles) {
        return new ConnectionFactory(settings, minter, loops, userPrefix, roles, false);
    }

    /** The client of connection {@code index}; {@code raw} may be {@code null}. */
    public ChorusClient create(int index, RawFrameListener raw) {
        ChorusClientBuilder builder = ChorusClient.builder(settings.url())
                .token(minter.mint(userPrefix + index, userPrefix + index, roles))
                .device("loadgen")
                .compression(settings.compression())
                .bindAddress(settings.sources().forIndex(index))
                .connectTimeout(settings.connectTimeout())
                .requestTimeout(settings.requestTimeout())
                .reconnect(Backoff.disabled())
                .resources(resources);
        if (settings.heartbeat() != null) {
            builder.heartbeat(settings.heartbeat());
        }
        if (raw != null) {
            builder.rawFrames(raw);
        }
        return builder.build();
    }

    public TokenMinter minter() {
        return minter;
    }

    public LoopResources loops() {
        return loops;
    }

    public ConnectionSettings settings() {
        return settings;
    }

    @Override
    public void close() {
        if (ownsLoops) {
            loops.dispose();
        }
    }
}
