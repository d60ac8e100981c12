package io.chorus.infra.cassandra;

import com.datastax.oss.driver.api.core.CqlSession;
import com.datastax.oss.driver.api.core.cql.ResultSet;
import com.datastax.oss.driver.api.core.cql.Row;
import com.datastax.oss.driver.api.core.cql.SimpleStatement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Applies versioned CQL migrations in order and records each (version, checksum) in
 * {@code <keyspace>.schema_migrations}. Running it again applies nothing; a changed applied migration is an error.
 *
 * <p>The first migration creates the keyspace, so the history table is created right after the first migration that
 * makes the keyspace exist. Statements should be idempotent ({@code IF NOT EXISTS}): a migration that failed half way
 * is re-run from its first statement.
 */
public final class CassandraMigrator {

    public static final String HISTORY_TABLE = "schema_migrations";

    private static final Logger log = LoggerFactory.getLogger(CassandraMigrator.class);

    private final CqlSession session;
    private final String keyspace;

    public CassandraMigrator(CqlSession session, String keyspace) {
        this.session = session;
        this.keyspace = keyspace;
    }

    /** Applies the migrations found on the classpath; returns the versions applied now. */
    public List<Integer> migrate() {
        return migrate(ClasspathMigrations.load());
    }

    public List<Integer> migrate(Collection<Migration> available) {
        List<Migration> pending = MigrationPlan.pending(available, history());
        List<Integer> applied = new ArrayList<>();
        for (Migration migration : pending) {
            long startedAt = System.nanoTime();
            CqlScript.statements(migration.script()).forEach(statement -> execute(migration, statement));
            record(migration);
            applied.add(migration.version());
            log.info(
                    "migration applied: keyspace={} version={} description={} took={}ms",
                    keyspace,
                    migration.version(),
                    migration.description(),
                    (System.nanoTime() - startedAt) / 1_000_000);
        }
        if (pending.isEmpty()) {
            log.debug("schema up to date: keyspace={} migrations={}", keyspace, available.size());
        }
        return applied;
    }

    /** What the history table holds; empty while the keyspace or the table does not exist yet. */
    public List<AppliedMigration> history() {
        if (!historyTableExists()) {
            return List.of();
        }
        ResultSet rows =
                session.execute(schemaStatement("SELECT version, description, checksum FROM " + historyTable()));
        List<AppliedMigration> history = new ArrayList<>();
        for (Row row : rows) {
            history.add(new AppliedMigration(
                    row.getInt("version"), row.getString("description"), row.getString("checksum")));
        }
        return history;
    }

    private void execute(Migration migration, String statement) {
        try {
            session.execute(schemaStatement(statement));
        } catch (RuntimeException e) {
            throw new MigrationException(
                    "migration V" + migration.version() + " (" + migration.source() + ") failed at: " + statement
                            + " -> " + e.getMessage(),
                    e);
        }
    }

    private void record(Migration migration) {
        if (!keyspaceExists()) {
            throw new MigrationException("after V" + migration.version() + " the keyspace " + keyspace
                    + " still does not exist: the first migration must create it");
        }
        session.execute(
                schemaStatement(
                        "CREATE TABLE IF NOT EXISTS " + historyTable()
                                + " (version int PRIMARY KEY, description text, checksum text, applied_at timestamp, applied_by text)"));
        ResultSet result = session.execute(SimpleStatement.newInstance(
                        "INSERT INTO " + historyTable()
                                + " (version, description, checksum, applied_at, applied_by)"
                                + " VALUES (?, ?, ?, ?, ?) IF NOT EXISTS",
                        migration.version(),
                        migration.description(),
                        migration.checksum(),
                        Instant.now(),
                        System.getProperty("user.name", "unknown"))
                .setTimeout(CqlSessions.SCHEMA_TIMEOUT));
        if (!result.wasApplied() && !migration.checksum().equals(result.one().getString("checksum"))) {
            throw new MigrationException("migration V" + migration.version()
                    + " was recorded concurrently with another checksum: two different scripts share the version");
        }
    }

    private boolean keyspaceExists() {
        return session.execute(SimpleStatement.newInstance(
                                "SELECT keyspace_name FROM system_schema.keyspaces WHERE keyspace_name = ?", keyspace))
                        .one()
                != null;
    }

    private boolean historyTableExists() {
        return session.execute(SimpleStatement.newInstance(
                                "SELECT table_name FROM system_schema.tables WHERE keyspace_name = ? AND table_name = ?",
                                keyspace,
                                HISTORY_TABLE))
                        .one()
                != null;
    }

    private String historyTable() {
        return keyspace + "." + HISTORY_TABLE;
    }

    private static SimpleStatement schemaStatement(String cql) {
        return SimpleStatement.newInstance(cql).setTimeout(CqlSessions.SCHEMA_TIMEOUT);
    }
}
