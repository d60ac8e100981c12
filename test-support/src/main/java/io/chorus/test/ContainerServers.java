package io.chorus.test;

import io.chorus.infra.InfraEndpoints;
import io.chorus.infra.InfraProvisioning;
import java.util.List;
import org.testcontainers.cassandra.CassandraContainer;
import org.testcontainers.containers.GenericContainer;
import org.testcontainers.containers.wait.strategy.Wait;
import org.testcontainers.kafka.KafkaContainer;
import org.testcontainers.lifecycle.Startable;
import org.testcontainers.lifecycle.Startables;
import org.testcontainers.utility.DockerImageName;

/**
 * Containers mode: Redis, Kafka and Cassandra from Testcontainers, started in parallel, then the same topics and
 * migrations as every other mode. Images can be overridden with {@code chorus.test.image.redis|kafka|cassandra}.
 */
final class ContainerServers implements RunningInfrastructure {

    private static final int REDIS_PORT = 6379;
    private static final int CQL_PORT = 9042;

    private final List<Startable> containers;
    private final InfraEndpoints endpoints;

    private ContainerServers(List<Startable> containers, InfraEndpoints endpoints) {
        this.containers = containers;
        this.endpoints = endpoints;
    }

    static ContainerServers start() {
        GenericContainer<?> redis = new GenericContainer<>(image("redis", "redis:7"))
                .withExposedPorts(REDIS_PORT)
                .waitingFor(Wait.forLogMessage(".*Ready to accept connections.*\\n", 1));
        KafkaContainer kafka =
                new KafkaContainer(image("kafka", "apache/kafka:4.1.0").asCompatibleSubstituteFor("apache/kafka"));
        CassandraContainer cassandra =
                new CassandraContainer(image("cassandra", "cassandra:5.0").asCompatibleSubstituteFor("cassandra"));
        List<Startable> containers = List.of(redis, kafka, cassandra);
        try {
            Startables.deepStart(containers).join();
            InfraEndpoints endpoints = new InfraEndpoints(
                    redis.getHost(),
                    redis.getMappedPort(REDIS_PORT),
                    kafka.getBootstrapServers(),
                    cassandra.getHost(),
                    cassandra.getMappedPort(CQL_PORT),
                    cassandra.getLocalDatacenter(),
                    InfraEndpoints.KEYSPACE);
            InfraProvisioning.provision(endpoints);
            return new ContainerServers(containers, endpoints);
        } catch (RuntimeException e) {
            containers.forEach(ContainerServers::stopQuietly);
            throw e;
        }
    }

    @Override
    public InfraEndpoints endpoints() {
        return endpoints;
    }

    @Override
    public void close() {
        containers.forEach(ContainerServers::stopQuietly);
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
