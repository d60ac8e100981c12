package io.chorus.loadgen.churn;

import io.chorus.loadgen.cli.Args;
import io.chorus.loadgen.connect.ConnectionSettings;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.stream.IntStream;

/**
 * @param connection how the pool connects
 * @param connections the pool of connections that join and leave
 * @param rooms room count
 * @param roomPrefix room ids are {@code <prefix><i>}
 * @param joinsPerSec the target join rate (leaves follow at the same rate)
 * @param duration how long the measured churn runs
 * @param warmup how long the same churn runs first, on the same connections, unrecorded (zero: none)
 * @param hold how long a connection stays in a room before leaving
 * @param createRooms create the rooms through the route layer first
 * @param apiUrl the route layer's REST base URL
 */
record ChurnSettings(
        ConnectionSettings connection,
        int connections,
        int rooms,
        String roomPrefix,
        double joinsPerSec,
        Duration duration,
        Duration warmup,
        Duration hold,
        boolean createRooms,
        URI apiUrl) {

    static ChurnSettings from(Args args) {
        return new ChurnSettings(
                ConnectionSettings.from(args),
                args.integer("connections", 2_000),
                args.integer("rooms", 100),
                args.string("room-prefix", "loadgen-churn-"),
                args.decimal("joins-per-sec", 1_000),
                args.duration("duration", Duration.ofSeconds(60)),
                args.duration("warmup", Duration.ZERO),
                args.duration("hold", Duration.ZERO),
                args.flag("create-rooms", true),
                URI.create(args.string("api-url", "http://127.0.0.1:8082")));
    }

    List<String> roomIds() {
        return IntStream.range(0, rooms).mapToObj(i -> roomPrefix + i).toList();
    }
}
