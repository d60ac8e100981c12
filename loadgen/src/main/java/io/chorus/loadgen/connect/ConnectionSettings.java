package io.chorus.loadgen.connect;

import io.chorus.loadgen.cli.Args;
import java.net.InetAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.time.Duration;

/**
 * How the load generator connects, shared by every scenario.
 *
 * @param url the WebSocket endpoint (loopback only)
 * @param sources local source addresses, round robin
 * @param jwtSecret the HS256 secret tokens are minted with
 * @param tokenTtl lifetime of minted tokens
 * @param eventLoops reactor-netty event loop threads (1: the load generator stays on one core)
 * @param busyPoll event loops that poll epoll without sleeping (see {@link BusyPollLoops}); off by default
 * @param compression offer permessage-deflate
 * @param connectTimeout TCP connect plus upgrade
 * @param requestTimeout every request's reply
 * @param heartbeat ping interval, {@code null} for none
 * @param rampPerSec new connections per second
 * @param maxPending connection attempts in flight at most
 * @param userPrefix prefix of the minted user ids ({@code <prefix><index>})
 */
public record ConnectionSettings(
        URI url,
        SourceAddresses sources,
        String jwtSecret,
        Duration tokenTtl,
        int eventLoops,
        boolean busyPoll,
        boolean compression,
        Duration connectTimeout,
        Duration requestTimeout,
        Duration heartbeat,
        double rampPerSec,
        int maxPending,
        String userPrefix) {

    /** Options: url, sources, jwt-secret, token-ttl, event-loops, compression, connect-timeout, ... */
    public static ConnectionSettings from(Args args) {
        URI url = URI.create(args.string("url", "ws://127.0.0.1:8081/ws"));
        requireLoopback(url);
        Duration heartbeat = args.duration("heartbeat", Duration.ofSeconds(30));
        return new ConnectionSettings(
                url,
                SourceAddresses.parse(args.list("sources", "127.0.0.1")),
                TokenMinter.secret(args.string("jwt-secret", null)),
                args.duration("token-ttl", Duration.ofHours(2)),
                args.integer("event-loops", 1),
                args.flag("busy-poll", false),
                args.flag("compression", false),
                args.duration("connect-timeout", Duration.ofSeconds(15)),
                args.duration("request-timeout", Duration.ofSeconds(10)),
                heartbeat.isZero() ? null : heartbeat,
                args.decimal("ramp-per-sec", 2000),
                args.integer("max-pending", 2000),
                args.string("user-prefix", "lg-u"));
    }

    /** The load generator only targets this machine. */
    public static void requireLoopback(URI uri) {
        try {
            if (uri.getHost() == null || !InetAddress.getByName(uri.getHost()).isLoopbackAddress()) {
                throw new IllegalArgumentException("loopback targets only: " + uri);
            }
        } catch (UnknownHostException ex) {
            throw new IllegalArgumentException("unknown host: " + uri, ex);
        }
    }
}
