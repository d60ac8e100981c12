package io.chorus.infra.cassandra;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class MigrationTests {

    @Test
    void readsVersionAndDescriptionFromTheFileName() {
        Migration migration = Migration.of("V0012__gift_leaderboards.cql", "SELECT 1;", "src");

        assertThat(migration.version()).isEqualTo(12);
        assertThat(migration.description()).isEqualTo("gift_leaderboards");
    }

    @Test
    void rejectsFilesThatDoNotFollowTheNamingPattern() {
        assertThatThrownBy(() -> Migration.of("0001_gifts.cql", "", "src/0001_gifts.cql"))
                .isInstanceOf(MigrationException.class)
                .hasMessageContaining("V<version>__<description>.cql");
        assertThatThrownBy(() -> Migration.of("V0000__zero.cql", "", "src")).isInstanceOf(MigrationException.class);
    }

    @Test
    void checksumIgnoresLineEndingsButNotContent() {
        String unix = "CREATE TABLE a (x int PRIMARY KEY);\nCREATE TABLE b (y int PRIMARY KEY);\n";
        String windows = unix.replace("\n", "\r\n");

        assertThat(Migration.checksum(windows)).isEqualTo(Migration.checksum(unix));
        assertThat(Migration.checksum(unix.replace("y int", "y bigint"))).isNotEqualTo(Migration.checksum(unix));
    }
}
