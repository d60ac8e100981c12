package io.chorus.infra.cassandra;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * Decides what to apply: every available migration that is not in the history yet, in version order. An applied
 * migration whose script changed is an error (write a new version instead), as are two different scripts with one
 * version. Applied versions missing from the classpath are tolerated: another module may own them.
 */
public final class MigrationPlan {

    private MigrationPlan() {}

    public static List<Migration> pending(Collection<Migration> available, Collection<AppliedMigration> applied) {
        Map<Integer, Migration> byVersion = byVersion(available);
        Map<Integer, AppliedMigration> history =
                applied.stream().collect(Collectors.toMap(AppliedMigration::version, Function.identity()));
        List<Migration> pending = new ArrayList<>();
        for (Migration migration : byVersion.values()) {
            AppliedMigration done = history.get(migration.version());
            if (done == null) {
                pending.add(migration);
            } else if (!done.checksum().equals(migration.checksum())) {
                throw new MigrationException("migration V" + migration.version() + " (" + migration.source()
                        + ") changed after it was applied: recorded checksum " + done.checksum() + ", now "
                        + migration.checksum() + ". Never edit an applied migration; add a new version.");
            }
        }
        pending.sort(Comparator.comparingInt(Migration::version));
        return pending;
    }

    private static Map<Integer, Migration> byVersion(Collection<Migration> available) {
        Map<Integer, Migration> byVersion = new TreeMap<>();
        for (Migration migration : available) {
            Migration other = byVersion.putIfAbsent(migration.version(), migration);
            if (other != null && !other.checksum().equals(migration.checksum())) {
                throw new MigrationException("two different migrations have version " + migration.version() + ": "
                        + other.source() + " and " + migration.source());
            }
        }
        return byVersion;
    }
}
