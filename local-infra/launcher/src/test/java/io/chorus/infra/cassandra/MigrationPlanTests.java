package io.chorus.infra.cassandra;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

class MigrationPlanTests {

    private static final Migration V1 = Migration.of("V0001__keyspace.cql", "CREATE KEYSPACE k;", "test:V1");
    private static final Migration V2 =
            Migration.of("V0002__gifts.cql", "CREATE TABLE k.g (a int PRIMARY KEY);", "test:V2");
    private static final Migration V10 =
            Migration.of("V0010__later.cql", "CREATE TABLE k.l (a int PRIMARY KEY);", "test:V10");

    @Test
    void appliesEverythingInVersionOrderOnAnEmptyHistory() {
        assertThat(MigrationPlan.pending(List.of(V10, V2, V1), List.of()))
                .extracting(Migration::version)
                .containsExactly(1, 2, 10);
    }

    @Test
    void skipsWhatIsAppliedAlready() {
        List<AppliedMigration> history = List.of(applied(V1), applied(V2));

        assertThat(MigrationPlan.pending(List.of(V1, V2, V10), history))
                .extracting(Migration::version)
                .containsExactly(10);
    }

    @Test
    void appliesNothingWhenTheHistoryIsComplete() {
        assertThat(MigrationPlan.pending(List.of(V1, V2), List.of(applied(V2), applied(V1))))
                .isEmpty();
    }

    @Test
    void rejectsAnAppliedMigrationWhoseScriptChanged() {
        Migration edited = Migration.of("V0002__gifts.cql", "CREATE TABLE k.g (a int PRIMARY KEY, b int);", "test:V2");

        assertThatThrownBy(() -> MigrationPlan.pending(List.of(V1, edited), List.of(applied(V1), applied(V2))))
                .isInstanceOf(MigrationException.class)
                .hasMessageContaining("V2")
                .hasMessageContaining("changed after it was applied");
    }

    @Test
    void rejectsTwoDifferentScriptsWithOneVersion() {
        Migration clash = Migration.of("V0002__other.cql", "CREATE TABLE k.o (a int PRIMARY KEY);", "other-jar:V2");

        assertThatThrownBy(() -> MigrationPlan.pending(List.of(V2, clash), List.of()))
                .isInstanceOf(MigrationException.class)
                .hasMessageContaining("two different migrations have version 2");
    }

    @Test
    void toleratesTheSameScriptFoundTwiceOnTheClasspath() {
        Migration copy = Migration.of("V0002__gifts.cql", V2.script(), "copy-in-jar:V2");

        assertThat(MigrationPlan.pending(List.of(V2, copy), List.of()))
                .extracting(Migration::version)
                .containsExactly(2);
    }

    @Test
    void toleratesAppliedVersionsThatAnotherModuleOwns() {
        AppliedMigration foreign = new AppliedMigration(7, "owned_elsewhere", "abc");

        assertThat(MigrationPlan.pending(List.of(V1), List.of(foreign)))
                .extracting(Migration::version)
                .containsExactly(1);
    }

    private static AppliedMigration applied(Migration migration) {
        return new AppliedMigration(migration.version(), migration.description(), migration.checksum());
    }
}
