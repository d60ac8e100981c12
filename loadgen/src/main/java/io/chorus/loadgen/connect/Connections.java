package io.chorus.loadgen.connect;

import io.chorus.client.ChorusClient;
import io.chorus.client.ConnectionState;
import io.chorus.loadgen.MainThread;
import java.time.Duration;
import java.util.List;
import reactor.core.publisher.Flux;

/** Operations over many open clients. */
public final class Connections {

    private Connections() {}

    public static long open(List<ChorusClient> clients) {
        return clients.stream()
                .filter(client -> client.state() == ConnectionState.CONNECTED)
                .count();
    }

    /** Closes every client, {@code concurrency} closing handshakes at a time. */
    public static void closeAll(List<ChorusClient> clients, int concurrency, Duration timeout) {
        MainThread.await(
                Flux.fromIterable(clients)
                        .flatMap(client -> client.close().onErrorComplete(), concurrency)
                        .then(),
                timeout);
    }
}
