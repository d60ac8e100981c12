package io.chorus.infra;

import com.datastax.oss.driver.api.core.CqlSession;
import io.chorus.infra.cassandra.CassandraMigrator;
import io.chorus.infra.cassandra.CqlSessions;
import io.chorus.infra.kafka.KafkaTopics;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Brings running servers to what Chorus expects: its Kafka topics and its Cassandra schema. Idempotent. */
public final class InfraProvisioning {

    private static final Logger log = LoggerFactory.getLogger(InfraProvisioning.class);

    private InfraProvisioning() {}

    /** Creates the topics and applies the migrations, both at once; fails when either fails. */
    public static void provision(InfraEndpoints endpoints) {
        provision(endpoints, Store.all());
    }

    /** Provisions the given stores only: the topics with Kafka, the migrations with Cassandra (Redis needs none). */
    public static void provision(InfraEndpoints endpoints, Set<Store> stores) {
        long startedAt = System.nanoTime();
        ClassLoader loader = Thread.currentThread().getContextClassLoader();
        CompletableFuture<Void> topics = stores.contains(Store.KAFKA)
                ? CompletableFuture.runAsync(() -> KafkaTopics.ensure(endpoints.kafkaBootstrapServers()))
                : CompletableFuture.completedFuture(null);
        CompletableFuture<Void> schema = stores.contains(Store.CASSANDRA)
                ? CompletableFuture.runAsync(() -> withLoader(loader, () -> migrate(endpoints)))
                : CompletableFuture.completedFuture(null);
        try {
            CompletableFuture.allOf(topics, schema).join();
        } catch (CompletionException e) {
            throw e.getCause() instanceof RuntimeException cause ? cause : e;
        }
        log.info(
                "infrastructure provisioned: stores={} kafka={} cassandra={} keyspace={} took={}ms",
                stores,
                endpoints.kafkaBootstrapServers(),
                endpoints.cassandraContactPoint(),
                endpoints.cassandraKeyspace(),
                (System.nanoTime() - startedAt) / 1_000_000);
    }

    /** Applies the Cassandra migrations found on the classpath. */
    public static void migrate(InfraEndpoints endpoints) {
        try (CqlSession session = CqlSessions.open(
                endpoints.cassandraHost(), endpoints.cassandraPort(), endpoints.cassandraDatacenter())) {
            new CassandraMigrator(session, endpoints.cassandraKeyspace()).migrate();
        }
    }

    private static void withLoader(ClassLoader loader, Runnable action) {
        Thread thread = Thread.currentThread();
        ClassLoader previous = thread.getContextClassLoader();
        thread.setContextClassLoader(loader);
        try {
            action.run();
        } finally {
            thread.setContextClassLoader(previous);
        }
    }
}
