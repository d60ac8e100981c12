package io.chorus.test.cassandra;

import static org.springframework.data.cassandra.core.query.Criteria.where;
import static org.springframework.data.cassandra.core.query.Query.query;

import io.chorus.test.ChorusInfrastructure;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.data.cassandra.core.ReactiveCassandraOperations;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import reactor.core.publisher.Flux;
import reactor.test.StepVerifier;

@SpringBootTest
class CassandraFixtureIntegrationTests {

    private static final Duration TIMEOUT = Duration.ofSeconds(30);

    @DynamicPropertySource
    static void infrastructure(DynamicPropertyRegistry registry) {
        ChorusInfrastructure.registerProperties(registry);
    }

    @Autowired
    ReactiveCassandraOperations cassandra;

    @Test
    void giftsWrittenToARoomAreReadBackInSequenceOrder() {
        String room = "room-" + UUID.randomUUID();
        Instant now = Instant.now().truncatedTo(ChronoUnit.MILLIS);
        RoomGift second = new RoomGift(room, 2, "g-2", "u-2", "Bo", "streamer", "rocket", 500, now);
        RoomGift first = new RoomGift(room, 1, "g-1", "u-1", "Al", "streamer", "rose", 1, now);

        Flux<RoomGift> writeThenRead = cassandra
                .insert(second)
                .then(cassandra.insert(first))
                .thenMany(cassandra.select(query(where("room_id").is(room)), RoomGift.class));

        StepVerifier.create(writeThenRead)
                .expectNext(first)
                .expectNext(second)
                .expectComplete()
                .verify(TIMEOUT);
    }

    @Test
    void theSchemaHistoryRecordsTheFirstMigration() {
        StepVerifier.create(cassandra
                        .getReactiveCqlOperations()
                        .queryForFlux("SELECT version FROM chorus.schema_migrations", Integer.class)
                        .filter(version -> version == 1))
                .expectNext(1)
                .expectComplete()
                .verify(TIMEOUT);
    }
}
