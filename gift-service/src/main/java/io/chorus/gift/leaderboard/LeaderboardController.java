package io.chorus.gift.leaderboard;

import io.chorus.gift.config.GiftProperties;
import java.util.ArrayList;
import java.util.List;
import org.springframework.data.domain.Range;
import org.springframework.data.redis.core.ReactiveStringRedisTemplate;
import org.springframework.data.redis.core.ZSetOperations;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RestController;
import reactor.core.publisher.Mono;

/**
 * {@code GET /api/rooms/{room}/gifts/leaderboard}: the room's top gifters, highest score first. Scores are
 * added by the sequencer exactly once per gift (see the push script in {@code GiftFanout}); a board Redis no
 * longer holds exactly is rebuilt from Cassandra before it is served ({@link LeaderboardRebuilder}).
 */
@RestController
class LeaderboardController {

    private final ReactiveStringRedisTemplate redis;
    private final GiftProperties properties;
    private final LeaderboardRebuilder rebuilder;

    LeaderboardController(
            ReactiveStringRedisTemplate redis, GiftProperties properties, LeaderboardRebuilder rebuilder) {
        this.redis = redis;
        this.properties = properties;
        this.rebuilder = rebuilder;
    }

    @GetMapping("/api/rooms/{room}/gifts/leaderboard")
    Mono<Leaderboard> leaderboard(@PathVariable String room) {
        return redis.hasKey(LeaderboardKeys.countedUpTo(room))
                .timeout(properties.requestTimeout())
                .flatMap(exact -> exact
                        ? read(room)
                        : rebuilder
                                .rebuild(room)
                                .timeout(properties.leaderboard().rebuildTimeout())
                                .then(read(room)));
    }

    private Mono<Leaderboard> read(String room) {
        int size = properties.leaderboard().size();
        return redis.opsForZSet()
                .reverseRangeWithScores(LeaderboardKeys.leaders(room), Range.closed(0L, (long) size - 1))
                .collectList()
                .flatMap(top -> withNames(room, top))
                .timeout(properties.requestTimeout());
    }

    private Mono<Leaderboard> withNames(String room, List<ZSetOperations.TypedTuple<String>> top) {
        if (top.isEmpty()) {
            return Mono.just(new Leaderboard(room, List.of()));
        }
        List<Object> users = new ArrayList<>(
                top.stream().<Object>map(ZSetOperations.TypedTuple::getValue).toList());
        return redis.<Object, String>opsForHash()
                .multiGet(LeaderboardKeys.names(room), users)
                .map(names -> {
                    List<Entry> entries = new ArrayList<>(top.size());
                    for (int i = 0; i < top.size(); i++) {
                        ZSetOperations.TypedTuple<String> tuple = top.get(i);
                        long score =
                                tuple.getScore() == null ? 0 : tuple.getScore().longValue();
                        entries.add(new Entry(i + 1, tuple.getValue(), names.get(i), score));
                    }
                    return new Leaderboard(room, entries);
                });
    }

    /** Top gifters of a room, highest first. */
    record Leaderboard(String room, List<Entry> entries) {}

    /**
     * @param score sum of amount x catalog value of the user's gifts in the room
     */
    record Entry(int rank, String user, String name, long score) {}
}
