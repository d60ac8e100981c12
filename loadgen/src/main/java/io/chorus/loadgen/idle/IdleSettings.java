package io.chorus.loadgen.idle;

import io.chorus.loadgen.cli.Args;
import io.chorus.loadgen.connect.ConnectionSettings;
import java.net.URI;
import java.time.Duration;

/**
 * @param connection how to connect
 * @param connections connections to open
 * @param hold how long to hold them once the ramp ended
 * @param room a room every connection joins, or {@code null} to join nothing
 * @param createRoom create {@code room} through the route layer first
 * @param apiUrl the route layer's REST base URL
 * @param serverPid the server's pid, to sample its RSS from /proc, or -1
 */
record IdleSettings(
        ConnectionSettings connection,
        int connections,
        Duration hold,
        String room,
        boolean createRoom,
        URI apiUrl,
        long serverPid) {

    static IdleSettings from(Args args) {
        return new IdleSettings(
                ConnectionSettings.from(args),
                args.integer("connections", 10_000),
                args.duration("hold", Duration.ofSeconds(60)),
                args.string("room", null),
                args.flag("create-room", true),
                URI.create(args.string("api-url", "http://127.0.0.1:8082")),
                args.integer("server-pid", -1));
    }
}
