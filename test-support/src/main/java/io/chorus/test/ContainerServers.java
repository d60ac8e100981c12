package io.chorus.test;

import io.chorus.infra.InfraEndpoints;
import io.chorus.infra.InfraProvisioning;
import io.chorus.infra.Store;
import java.util.EnumMap;
import java.util.Map;
import java.util.Set;
import org.testcontainers.cassandra.CassandraContainer;
import org.testcontainers.containers.GenericContainer;
import org.testcontainers.containers.wait.strategy.Wait;
import org.testcontainers.kafka.KafkaContainer;
import org.testcontainers.lifecycle.Startable;
import org.testcontainers.lifecycle.Startables;
import org.testcontainers.utility.DockerImageName;

/**
 * Containers mode: Redis, Kafka and Cassandra from Testcontainers, each started the first time a test needs it (the
 * stores asked for together start in parallel), then the same topics and migrations as every other mode. Images can
 * be overridden with {@code chorus.test.image.redis|kafka|cassandra}.
 */
final class ContainerServers implements RunningInfrastructure {

    private static final int REDIS_PORT = 6379;
    private static final int CQL_PORT = 9042;

    private final Map<Store, Startable> containers = new EnumMap<>(Store.class);
    private InfraEndpoints endpoints = InfraEndpoints.loopback(0, 0, 0);

    static ContainerServers plan() {
        return new ContainerServers();
    }

    @Override
    public synchronized InfraEndpoints ensure(Set<Store> stores) {
        Map<Store, Startable> starting = new EnumMap<>(Store.class);
        for (Store store : stores) {
            if (!containers.containsKey(store)) {
                starting.put(store, container(store));
            }
        }
        if (starting.isEmpty()) {
            return endpoints;
        }
        try {
            Startables.deepStart(starting.values()).join();
            InfraEndpoints updated = endpoints;
            for (Map.Entry<Store, Startable> entry : starting.entrySet()) {
                updated = withEndpointOf(updated, entry.getKey(), entry.getValue());
            }
            InfraProvisioning.provision(updated, starting.keySet());
            containers.putAll(starting);
            endpoints = updated;
            return endpoints;
        } catch (RuntimeException e) {
            starting.values().forEach(ContainerServers::stopQuietly);
            throw e;
        }
    }

    private static Startable container(Store store) {
        return switch (store) {
            case REDIS ->
                new GenericContainer<>(image("redis", "redis:7"))
                        .withExposedPorts(REDIS_PORT)
                        .waitingFor(Wait.forLogMessage(".*Ready to accept connections.*\\n", 1));
            case KAFKA ->
                new KafkaContainer(image("kafka", "apache/kafka:4.1.0").asCompatibleSubstituteFor("apache/kafka"));
            case CASSANDRA ->
                new CassandraContainer(image("cassandra", "cassandra:5.0").asCompatibleSubstituteFor("cassandra"));
        };
    }

    private static InfraEndpoints withEndpointOf(InfraEndpoints current, Store store, Startable started) {
        return switch (store) {
            case REDIS -> {
                GenericContainer<?> redis = (GenericContainer<?>) started;
                yield new InfraEndpoints(
                        redis.getHost(),
                        redis.getMappedPort(REDIS_PORT),
                        current.kafkaBootstrapServers(),
                        current.cassandraHost(),
                        current.cassandraPort(),
                        current.cassandraDatacenter(),
                        current.cassandraKeyspace());
            }
            case KAFKA ->
                new InfraEndpoints(
                        current.redisHost(),
                        current.redisPort(),
                        ((KafkaContainer) started).getBootstrapServers(),
                        current.cassandraHost(),
                        current.cassandraPort(),
                        current.cassandraDatacenter(),
                        current.cassandraKeyspace());
            case CASSANDRA -> {
                CassandraContainer cassandra = (CassandraContainer) started;
                yield new InfraEndpoints(
                        current.redisHost(),
                        current.redisPort(),
                        current.kafkaBootstrapServers(),
                        cassandra.getHost(),
                        cassandra.getMappedPort(CQL_PORT),
                        cassandra.getLocalDatacenter(),
                        InfraEndpoints.KEYSPACE);
            }
        };
    }

    @Override
    public synchronized void close() {
        containers.values().forEach(ContainerServers::stopQuietly);
        containers.clear();
    }

    private static DockerImageName image(String server, String defaultImage) {
        return DockerImageName.parse(System.getProperty("chorus.test.image." + server, defaultImage));
    }

    private static void stopQuietly(Startable container) {
        try {
            container.stop();
        } catch (RuntimeException e) {
            // Ryuk removes what is left once the JVM exits
        }
    }
}
