package io.chorus.loadgen.connect;

import io.chorus.loadgen.MainThread;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import reactor.core.publisher.Flux;

/** Creates the rooms of a run through the route layer, as a streamer; a taken id is fine. */
public final class RoomSetup {

    private static final Logger log = LoggerFactory.getLogger(RoomSetup.class);

    private RoomSetup() {}

    public static void create(URI apiUrl, ConnectionFactory factory, List<String> rooms) {
        String streamer = factory.minter().mint("loadgen-streamer", "loadgen streamer", List.of("streamer"));
        try (RoomApi api = new RoomApi(apiUrl, factory.loops(), 16, Duration.ofSeconds(10))) {
            Throwable error = MainThread.await(
                    Flux.fromIterable(rooms)
                            .flatMap(room -> api.createRoom(room, streamer).doOnNext(reply -> created(room, reply)), 16)
                            .then(),
                    Duration.ofSeconds(60));
            if (error != null) {
                log.warn("Room creation failed, going on: apiUrl={} reason={}", apiUrl, error.toString());
            }
        }
    }

    private static void created(String room, RoomApi.Reply reply) {
        if (reply.status() == 201 || reply.status() == 409) {
            log.debug("Room ready: room={} status={}", room, reply.status());
        } else {
            log.warn("Room not created: room={} status={} body={}", room, reply.status(), reply.body());
        }
    }
}
