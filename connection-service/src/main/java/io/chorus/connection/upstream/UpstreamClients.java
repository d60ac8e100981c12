package io.chorus.connection.upstream;

import io.chorus.service.security.ServiceTokens;
import io.netty.channel.ChannelOption;
import java.net.URI;
import java.time.Duration;
import org.springframework.http.client.reactive.ReactorClientHttpConnector;
import org.springframework.web.reactive.function.client.WebClient;
import reactor.netty.http.client.HttpClient;
import reactor.netty.resources.ConnectionProvider;

/** Builds the WebClients of the internal calls: pooled connections, short connect and response timeouts. */
public final class UpstreamClients {

    private UpstreamClients() {}

    public static WebClient webClient(URI baseUrl, Duration responseTimeout, String poolName) {
        return webClient(baseUrl, responseTimeout, poolName, null);
    }

    /** A WebClient that presents {@code tokens} (when not null) on every call. */
    public static WebClient webClient(URI baseUrl, Duration responseTimeout, String poolName, ServiceTokens tokens) {
        ConnectionProvider pool = ConnectionProvider.builder(poolName)
                .maxConnections(200)
                .pendingAcquireMaxCount(10_000)
                .pendingAcquireTimeout(responseTimeout)
                .maxIdleTime(Duration.ofSeconds(30))
                .build();
        HttpClient http = HttpClient.create(pool)
                .option(ChannelOption.CONNECT_TIMEOUT_MILLIS, (int) Math.max(100, responseTimeout.toMillis()))
                .responseTimeout(responseTimeout);
        WebClient.Builder builder =
                WebClient.builder().baseUrl(baseUrl.toString()).clientConnector(new ReactorClientHttpConnector(http));
        if (tokens != null) {
            builder.filter(tokens.filter());
        }
        return builder.build();
    }
}
