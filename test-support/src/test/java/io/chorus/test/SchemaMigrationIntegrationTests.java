package io.chorus.test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.datastax.oss.driver.api.core.CqlSession;
import io.chorus.infra.InfraEndpoints;
import io.chorus.infra.Store;
import io.chorus.infra.cassandra.AppliedMigration;
import io.chorus.infra.cassandra.CassandraMigrator;
import io.chorus.infra.cassandra.CqlSessions;
import io.chorus.infra.cassandra.Migration;
import io.chorus.infra.cassandra.MigrationException;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The migrator against a real Cassandra, in a keyspace of its own so the chorus schema stays untouched. */
class SchemaMigrationIntegrationTests {

    private static CqlSession session;

    @BeforeAll
    static void connect() {
        InfraEndpoints endpoints = ChorusInfrastructure.endpoints(Store.CASSANDRA);
        session =
                CqlSessions.open(endpoints.cassandraHost(), endpoints.cassandraPort(), endpoints.cassandraDatacenter());
    }

    @AfterAll
    static void disconnect() {
        if (session != null) {
            session.close();
        }
    }

    @Test
    void appliesInOrderOnceRecordsChecksumsAndRejectsAnEditedMigration() {
        String keyspace = "migration_test_"
                + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
        Migration v1 = Migration.of(
                "V0001__keyspace.cql",
                "CREATE KEYSPACE IF NOT EXISTS " + keyspace
                        + " WITH replication = {'class': 'SimpleStrategy', 'replication_factor': 1};",
                "test:V1");
        Migration v2 = Migration.of(
                "V0002__table.cql",
                "CREATE TABLE IF NOT EXISTS " + keyspace + ".things (id text PRIMARY KEY, n int);",
                "test:V2");
        CassandraMigrator migrator = new CassandraMigrator(session, keyspace);
        try {
            assertThat(migrator.migrate(List.of(v2, v1))).containsExactly(1, 2);
            assertThat(migrator.migrate(List.of(v1, v2))).isEmpty();
            assertThat(migrator.history())
                    .extracting(AppliedMigration::version, AppliedMigration::checksum)
                    .containsExactlyInAnyOrder(
                            org.assertj.core.groups.Tuple.tuple(1, v1.checksum()),
                            org.assertj.core.groups.Tuple.tuple(2, v2.checksum()));
            session.execute("INSERT INTO " + keyspace + ".things (id, n) VALUES ('a', 1)");

            Migration edited = Migration.of(
                    "V0002__table.cql",
                    "CREATE TABLE IF NOT EXISTS " + keyspace + ".things (id text PRIMARY KEY, n bigint);",
                    "test:V2-edited");
            assertThatThrownBy(() -> migrator.migrate(List.of(v1, edited)))
                    .isInstanceOf(MigrationException.class)
                    .hasMessageContaining("changed after it was applied");
        } finally {
            session.execute("DROP KEYSPACE IF EXISTS " + keyspace);
        }
    }

    @Test
    void theChorusSchemaIsInPlace() {
        assertThat(
                        session
                                .execute("SELECT table_name FROM system_schema.tables WHERE keyspace_name = 'chorus'")
                                .all()
                                .stream()
                                .map(row -> row.getString("table_name"))
                                .toList())
                .contains(
                        "gifts_by_room",
                        "gift_ids_by_room",
                        "room_gift_sequences",
                        "gifts_by_recipient",
                        "gift_inbox_cursors",
                        "schema_migrations");
    }
}
