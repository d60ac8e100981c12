package io.chorus.infra.cassandra;

/** The schema cannot be migrated as asked: a changed applied migration, a duplicate version, a failed statement. */
public class MigrationException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    public MigrationException(String message) {
        super(message);
    }

    public MigrationException(String message, Throwable cause) {
        super(message, cause);
    }
}
