package io.chorus.test;

import io.chorus.infra.InfraEndpoints;
import io.chorus.infra.Store;
import java.util.Set;

/** Redis, Kafka and Cassandra as a mode provides them: each store started (or connected) when first needed. */
interface RunningInfrastructure extends AutoCloseable {

    /**
     * Makes the given stores answer, with the topics (Kafka) and the schema (Cassandra) in place, starting those not
     * started yet. The endpoints returned are live for every store ensured so far.
     */
    InfraEndpoints ensure(Set<Store> stores);

    /** Stops what this fixture started; servers it merely uses stay up. Never throws. */
    @Override
    void close();
}
