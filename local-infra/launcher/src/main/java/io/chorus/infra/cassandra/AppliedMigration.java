package io.chorus.infra.cassandra;

/** A migration recorded in the schema history table. */
public record AppliedMigration(int version, String description, String checksum) {}
