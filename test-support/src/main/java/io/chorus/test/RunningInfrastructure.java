package io.chorus.test;

import io.chorus.infra.InfraEndpoints;

/** Redis, Kafka and Cassandra that answer, with the topics and the schema in place. */
interface RunningInfrastructure extends AutoCloseable {

    InfraEndpoints endpoints();

    /** Stops what this fixture started; servers it merely uses stay up. Never throws. */
    @Override
    void close();
}
