package io.chorus.infra.cassandra;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class CqlScriptTests {

    @Test
    void splitsAtSemicolonsAndDropsComments() {
        String script =
                """
                -- the keyspace
                CREATE KEYSPACE IF NOT EXISTS k
                    WITH replication = {'class': 'SimpleStrategy', 'replication_factor': 1};
                // a table
                CREATE TABLE IF NOT EXISTS k.t (id text PRIMARY KEY); /* trailing
                   block comment */
                """;

        assertThat(CqlScript.statements(script))
                .containsExactly(
                        "CREATE KEYSPACE IF NOT EXISTS k\n"
                                + "    WITH replication = {'class': 'SimpleStrategy', 'replication_factor': 1}",
                        "CREATE TABLE IF NOT EXISTS k.t (id text PRIMARY KEY)");
    }

    @Test
    void keepsSemicolonsAndCommentMarkersInsideStrings() {
        String script = "INSERT INTO k.t (id, note) VALUES ('a;b', 'it''s -- not a comment');";

        assertThat(CqlScript.statements(script))
                .containsExactly("INSERT INTO k.t (id, note) VALUES ('a;b', 'it''s -- not a comment')");
    }

    @Test
    void acceptsALastStatementWithoutSemicolonAndIgnoresBlankOnes() {
        assertThat(CqlScript.statements(";;\nSELECT * FROM system.local\n"))
                .containsExactly("SELECT * FROM system.local");
    }
}
