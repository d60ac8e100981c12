package io.chorus.gift.sequencer;

import static org.assertj.core.api.Assertions.assertThat;

import com.datastax.oss.driver.api.core.CqlSession;
import com.datastax.oss.driver.api.core.cql.SimpleStatement;
import io.chorus.gift.config.GiftProperties;
import io.chorus.gift.support.ChannelSubscriber;
import io.chorus.gift.support.GiftIntegrationTest;
import io.chorus.gift.support.Poll;
import io.chorus.protocol.Channels;
import io.chorus.protocol.GiftSent;
import io.chorus.protocol.Topics;
import io.chorus.stream.KeyedSequencer;
import io.chorus.test.TestTokens;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.kafka.core.ConsumerFactory;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.kafka.listener.ConcurrentMessageListenerContainer;
import reactor.core.publisher.Flux;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** The sequencer against real Kafka, Cassandra and Redis: dense, never repeated, recovered from the store. */
class GiftSequencerIntegrationTests extends GiftIntegrationTest {

    @Autowired
    @Qualifier(SequencerConfig.CONTAINER)
    ConcurrentMessageListenerContainer<String, String> sequencerContainer;

    @Autowired
    KafkaTemplate<String, String> kafka;

    @Autowired
    ConsumerFactory<String, String> consumers;

    @Autowired
    KeyedSequencer<GiftSent, StoredGift> sequencer;

    @Autowired
    JsonMapper json;

    @Autowired
    GiftProperties properties;

    @Autowired
    MeterRegistry meters;

    @Autowired
    CqlSession cql;

    private final String token = TestTokens.user(unique("user"));

    @Test
    void concurrentSendsToOneRoomGetDenseSequencesAndEachFrameIsPushedOnceInOrder() {
        String room = liveRoom("streamer-1");
        try (var subscriber = ChannelSubscriber.sharded(redisHost(), redisPort(), Channels.room(room))) {
            List<String> giftIds = sendConcurrently(List.of(room), 60, 16);

            List<JsonNode> gifts = awaitGifts(room, 60);
            assertThat(seqs(gifts)).isEqualTo(oneTo(60));
            assertThat(gifts.stream().map(g -> g.get("giftId").asString()).collect(Collectors.toSet()))
                    .isEqualTo(new HashSet<>(giftIds));

            List<String> frames = Poll.until(subscriber::messages, m -> m.size() >= 60, SEQUENCED);
            List<JsonNode> pushed = frames.stream().map(JSON::readTree).toList();
            assertThat(pushed).allMatch(frame -> frame.get("type").asString().equals("gift"));
            assertThat(seqs(pushed)).isEqualTo(oneTo(60));
            assertThat(pushed.get(0).get("room").asString()).isEqualTo(room);
            assertThat(pushed.get(0).get("giftId").asString())
                    .isEqualTo(gifts.get(0).get("giftId").asString());
        }
    }

    @Test
    void concurrentSendsToManyRoomsGetDenseSequencesPerRoom() {
        List<String> rooms = new ArrayList<>();
        for (int i = 0; i < 8; i++) {
            rooms.add(liveRoom("streamer-" + i));
        }

        sendConcurrently(rooms, 8 * 15, 16);

        for (String room : rooms) {
            assertThat(seqs(awaitGifts(room, 15))).isEqualTo(oneTo(15));
        }
    }

    @Test
    void aRedeliveredGiftKeepsItsSequenceAndIsPushedAndCountedOnce() throws Exception {
        String room = liveRoom("streamer-1");
        try (var subscriber = ChannelSubscriber.sharded(redisHost(), redisPort(), Channels.room(room))) {
            GiftSent first = event(room, "rose", 5);
            GiftSent second = event(room, "heart", 2);
            produce(first);
            produce(first);
            produce(second);
            produce(first);

            List<JsonNode> gifts = awaitGifts(room, 2);
            produce(second);
            GiftSent third = event(room, "rose", 1);
            produce(third);
            gifts = awaitGifts(room, 3);

            assertThat(gifts).hasSize(3);
            assertThat(gifts.stream().map(g -> g.get("giftId").asString()))
                    .containsExactly(first.giftId(), second.giftId(), third.giftId());
            assertThat(seqs(gifts)).containsExactly(1L, 2L, 3L);

            List<String> frames = Poll.until(subscriber::messages, m -> m.size() >= 3, SEQUENCED);
            Thread.sleep(300);
            assertThat(seqs(subscriber.messages().stream().map(JSON::readTree).toList()))
                    .containsExactly(1L, 2L, 3L);
            assertThat(frames).isNotEmpty();

            // leaderboard: 5 roses (1 each) + 2 hearts (5 each) + 1 rose, each counted once
            web.get()
                    .uri("/api/rooms/{room}/gifts/leaderboard", room)
                    .header(HttpHeaders.AUTHORIZATION, "Bearer " + token)
                    .exchange()
                    .expectStatus()
                    .isOk()
                    .expectBody()
                    .jsonPath("$.entries[0].user")
                    .isEqualTo("direct-sender")
                    .jsonPath("$.entries[0].score")
                    .isEqualTo(16);
        }
    }

    @Test
    void aRestartedSequencerContinuesWithoutGapOrRepeat() {
        String room = liveRoom("streamer-1");
        sendConcurrently(List.of(room), 10, 4);
        awaitGifts(room, 10);

        sequencerContainer.stop();
        try {
            // accepted (durable in Kafka) while no sequencer runs
            sendConcurrently(List.of(room), 15, 4);
            assertThat(pullAll(room, 100)).hasSize(10);
        } finally {
            sequencerContainer.start();
        }

        List<JsonNode> gifts = awaitGifts(room, 25);
        assertThat(seqs(gifts)).isEqualTo(oneTo(25));
    }

    @Test
    void aRebalanceBetweenTwoSequencersNeitherSkipsNorRepeats() throws Exception {
        List<String> rooms = new ArrayList<>();
        for (int i = 0; i < 6; i++) {
            rooms.add(liveRoom("streamer-" + i));
        }
        var second = SequencerConfig.container(consumers, sequencer, json, properties, meters);
        second.setBeanName("secondGiftSequencer");
        second.start();
        try {
            var sending = Flux.range(0, 3)
                    .concatMap(round -> Flux.fromIterable(rooms)
                            .flatMap(room -> Flux.range(0, 5).flatMap(i -> sendAsync(room), 4), 6))
                    .collectList()
                    .toFuture();
            Thread.sleep(400);
            sequencerContainer.stop(); // all partitions move to the second sequencer mid-stream
            sending.get(60, TimeUnit.SECONDS);
            for (String room : rooms) {
                assertThat(seqs(awaitGifts(room, 15))).isEqualTo(oneTo(15));
            }
        } finally {
            sequencerContainer.start();
            second.stop();
        }
        String room = rooms.get(0);
        sendAsync(room).block(Duration.ofSeconds(10));
        assertThat(seqs(awaitGifts(room, 16))).isEqualTo(oneTo(16));
    }

    @Test
    void aRunClaimedButNeverIndexedIsAdoptedByItsRedelivery() throws Exception {
        String streamer = unique("streamer");
        String room = liveRoom(streamer);
        List<GiftSent> crashed = new ArrayList<>();
        for (int i = 1; i <= 3; i++) {
            GiftSent event = new GiftSent(
                    UUID.randomUUID().toString(),
                    room,
                    "direct-sender",
                    "Direct",
                    streamer,
                    "rose",
                    i,
                    UUID.randomUUID().toString(),
                    System.currentTimeMillis());
            crashed.add(event);
            // what a sequencer that died right after claiming the run left behind: slots, no index, no inbox
            cql.execute(SimpleStatement.newInstance(
                    "INSERT INTO gifts_by_room (room_id, seq, gift_id, from_user, from_name, to_user, gift, amount, ts)"
                            + " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
                    room,
                    (long) i,
                    event.giftId(),
                    event.from(),
                    event.fromName(),
                    streamer,
                    "rose",
                    (long) i,
                    Instant.ofEpochMilli(event.ts())));
        }
        GiftSent next = new GiftSent(
                UUID.randomUUID().toString(),
                room,
                "direct-sender",
                "Direct",
                streamer,
                "heart",
                1,
                UUID.randomUUID().toString(),
                System.currentTimeMillis());
        for (GiftSent event : crashed) {
            produce(event);
        }
        produce(next);

        List<JsonNode> gifts = awaitGifts(room, 4);
        Thread.sleep(500);
        gifts = pullAll(room, 100);
        assertThat(seqs(gifts)).containsExactly(1L, 2L, 3L, 4L);
        assertThat(gifts.stream().map(g -> g.get("giftId").asString()))
                .containsExactly(
                        crashed.get(0).giftId(),
                        crashed.get(1).giftId(),
                        crashed.get(2).giftId(),
                        next.giftId());
        JsonNode inbox = Poll.until(
                () -> JSON.readTree(web.get()
                        .uri("/api/me/gifts")
                        .header(HttpHeaders.AUTHORIZATION, "Bearer " + TestTokens.user(streamer))
                        .exchange()
                        .expectBody(String.class)
                        .returnResult()
                        .getResponseBody()),
                page -> page.get("gifts").size() >= 4,
                SEQUENCED);
        List<Long> roomSeqs = new ArrayList<>();
        inbox.get("gifts").forEach(g -> roomSeqs.add(g.get("roomSeq").asLong()));
        assertThat(roomSeqs).containsExactly(1L, 2L, 3L, 4L);
    }

    @Test
    void aRedisStallWhileSequencingNeitherLosesNorRepeatsAPushOrAScore() throws Exception {
        String room = liveRoom("streamer-1");
        double failuresBefore = meters.counter(SequencerMetrics.BATCH_FAILED).count();
        try (var subscriber = ChannelSubscriber.sharded(redisHost(), redisPort(), Channels.room(room));
                var admin =
                        io.lettuce.core.RedisClient.create(io.lettuce.core.RedisURI.create(redisHost(), redisPort()))) {
            for (int i = 0; i < 5; i++) {
                produce(event(room, "rose", 1));
            }
            Poll.until(subscriber::messages, m -> m.size() >= 5, SEQUENCED);

            // Redis answers nothing for 3 s (longer than the 2 s command timeout): the push of the next
            // run times out after Cassandra was written, the batch is retried, and the stalled script
            // still runs when Redis wakes up.
            try (var connection = admin.connect()) {
                connection.sync().clientPause(3000);
            }
            for (int i = 0; i < 10; i++) {
                produce(event(room, "rose", 1));
            }

            List<JsonNode> gifts = awaitGifts(room, 15);
            assertThat(seqs(gifts)).isEqualTo(oneTo(15));
            Poll.until(subscriber::messages, m -> m.size() >= 15, SEQUENCED);
            Thread.sleep(1500);
            assertThat(seqs(subscriber.messages().stream().map(JSON::readTree).toList()))
                    .isEqualTo(oneTo(15));
        }
        assertThat(meters.counter(SequencerMetrics.BATCH_FAILED).count()).isGreaterThan(failuresBefore);
        web.get()
                .uri("/api/rooms/{room}/gifts/leaderboard", room)
                .header(HttpHeaders.AUTHORIZATION, "Bearer " + token)
                .exchange()
                .expectStatus()
                .isOk()
                .expectBody()
                .jsonPath("$.entries[0].score")
                .isEqualTo(15);
    }

    @Test
    void theRoomsLatestSequenceIsServedInternally() {
        String room = liveRoom("streamer-1");
        web.get()
                .uri("/internal/rooms/{room}/gift-seq", room)
                .header(HttpHeaders.AUTHORIZATION, "Bearer " + TestTokens.user("connection-service"))
                .exchange()
                .expectStatus()
                .isOk()
                .expectBody()
                .jsonPath("$.room")
                .isEqualTo(room)
                .jsonPath("$.lastSeq")
                .isEqualTo(0);

        sendConcurrently(List.of(room), 3, 3);
        awaitGifts(room, 3);

        web.get()
                .uri("/internal/rooms/{room}/gift-seq", room)
                .header(HttpHeaders.AUTHORIZATION, "Bearer " + TestTokens.user("connection-service"))
                .exchange()
                .expectStatus()
                .isOk()
                .expectBody()
                .jsonPath("$.lastSeq")
                .isEqualTo(3);
    }

    private List<String> sendConcurrently(List<String> rooms, int total, int concurrency) {
        return Flux.range(0, total)
                .flatMap(i -> sendAsync(rooms.get(i % rooms.size())), concurrency)
                .collectList()
                .block(Duration.ofSeconds(60));
    }

    private reactor.core.publisher.Mono<String> sendAsync(String room) {
        return client().post()
                .uri("/api/rooms/{room}/gifts", room)
                .header(HttpHeaders.AUTHORIZATION, "Bearer " + token)
                .header("Idempotency-Key", UUID.randomUUID().toString())
                .contentType(MediaType.APPLICATION_JSON)
                .bodyValue(body("rose", 1))
                .exchangeToMono(response -> {
                    assertThat(response.statusCode().value()).isEqualTo(201);
                    return response.bodyToMono(String.class);
                })
                .map(text -> JSON.readTree(text).get("giftId").asString());
    }

    private GiftSent event(String room, String gift, long amount) {
        return new GiftSent(
                UUID.randomUUID().toString(),
                room,
                "direct-sender",
                "Direct",
                "streamer-1",
                gift,
                amount,
                UUID.randomUUID().toString(),
                System.currentTimeMillis());
    }

    private void produce(GiftSent event) throws Exception {
        kafka.send(Topics.GIFTS, event.room(), json.writeValueAsString(event)).get(10, TimeUnit.SECONDS);
    }
}
