package io.chorus.test;

import io.chorus.infra.InfraEndpoints;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.testcontainers.DockerClientFactory;

/**
 * Real Redis, Kafka and Cassandra for integration tests: one set per JVM, started on first use, stopped when the test
 * plan ends ({@link ChorusInfrastructureSessionListener}, with a shutdown hook as backup).
 *
 * <p>The mode comes from the system property {@value InfraMode#PROPERTY}: {@code auto} (default: containers when
 * Docker answers, else local), {@code containers}, {@code local} or {@code external}; see {@link InfraMode}. Whatever
 * the mode, the Chorus topics exist and the Cassandra migrations on the classpath are applied before the endpoints are
 * handed out.
 *
 * <p>When no real server can be had this class throws, naming what to install: tests that need the servers fail, they
 * are never skipped.
 *
 * <pre>{@code
 * @DynamicPropertySource
 * static void infrastructure(DynamicPropertyRegistry registry) {
 *     ChorusInfrastructure.registerProperties(registry);
 * }
 * }</pre>
 */
public final class ChorusInfrastructure {

    private static final Logger log = LoggerFactory.getLogger(ChorusInfrastructure.class);

    private static final String HOW_TO_GET_SERVERS = "Chorus integration tests need real Redis, Kafka and Cassandra."
            + " For local servers (-D" + InfraMode.PROPERTY + "=local, the default without Docker): install Redis 7"
            + " (apt-get install -y redis-server) and a Java 17 runtime, and build the server classpaths"
            + " (./mvnw -q -pl local-infra/kafka-server,local-infra/cassandra-server package; ./chorus test does all"
            + " of this). Or start a Docker engine (-D" + InfraMode.PROPERTY + "=containers), or run ./chorus up and"
            + " use -D" + InfraMode.PROPERTY + "=external.";

    private static RunningInfrastructure running;
    private static InfraMode mode;
    private static RuntimeException failure;
    private static boolean shutdownHookAdded;

    private ChorusInfrastructure() {}

    /** The endpoints of the running servers; starts them on first call. Throws when no server can be had. */
    public static synchronized InfraEndpoints endpoints() {
        if (running != null) {
            return running.endpoints();
        }
        if (failure != null) {
            throw new IllegalStateException(
                    "the Chorus test infrastructure failed to start earlier in this JVM: " + failure.getMessage(),
                    failure);
        }
        try {
            running = start();
            return running.endpoints();
        } catch (RuntimeException e) {
            failure = e;
            throw new IllegalStateException(
                    "the Chorus test infrastructure could not start (mode " + mode + "): " + e.getMessage() + "\n"
                            + HOW_TO_GET_SERVERS,
                    e);
        }
    }

    /** True while servers started (or connected) by this JVM are in use. */
    public static synchronized boolean isRunning() {
        return running != null;
    }

    /** The concrete mode in use ({@code null} before the first start). */
    public static synchronized InfraMode mode() {
        return mode;
    }

    /**
     * Registers the Spring Boot connection properties for Redis, Kafka and Cassandra. The values are suppliers: the
     * servers start when Spring first reads one of them.
     */
    public static void registerProperties(DynamicPropertyRegistry registry) {
        registry.add("spring.data.redis.host", () -> endpoints().redisHost());
        registry.add("spring.data.redis.port", () -> endpoints().redisPort());
        registry.add("spring.kafka.bootstrap-servers", () -> endpoints().kafkaBootstrapServers());
        registry.add("spring.cassandra.contact-points", () -> endpoints().cassandraContactPoint());
        registry.add("spring.cassandra.port", () -> endpoints().cassandraPort());
        registry.add("spring.cassandra.local-datacenter", () -> endpoints().cassandraDatacenter());
        registry.add("spring.cassandra.keyspace-name", () -> endpoints().cassandraKeyspace());
    }

    /** Stops what this JVM started. Called when the test plan ends; later calls to {@link #endpoints()} restart. */
    public static synchronized void stop() {
        if (running == null) {
            return;
        }
        long startedAt = System.nanoTime();
        try {
            running.close();
        } finally {
            running = null;
        }
        log.info(
                "chorus test infrastructure stopped: mode={} took={}ms",
                mode,
                TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - startedAt));
    }

    private static RunningInfrastructure start() {
        long startedAt = System.nanoTime();
        mode = InfraMode.resolve(InfraMode.requested(), ChorusInfrastructure::dockerAvailable);
        log.info("chorus test infrastructure starting: mode={}", mode);
        addShutdownHookOnce();
        RunningInfrastructure started =
                switch (mode) {
                    case CONTAINERS -> ContainerServers.start();
                    case LOCAL -> LocalServers.start();
                    case EXTERNAL -> ExternalServers.connect();
                    case AUTO -> throw new IllegalStateException("auto resolves to a concrete mode");
                };
        InfraEndpoints endpoints = started.endpoints();
        log.info(
                "chorus test infrastructure ready: mode={} redis={}:{} kafka={} cassandra={} took={}ms",
                mode,
                endpoints.redisHost(),
                endpoints.redisPort(),
                endpoints.kafkaBootstrapServers(),
                endpoints.cassandraContactPoint(),
                TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - startedAt));
        return started;
    }

    private static boolean dockerAvailable() {
        long startedAt = System.nanoTime();
        boolean available;
        try {
            available = DockerClientFactory.instance().isDockerAvailable();
        } catch (RuntimeException | LinkageError e) {
            available = false;
        }
        log.info(
                "docker checked: available={} took={}ms",
                available,
                TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - startedAt));
        return available;
    }

    private static void addShutdownHookOnce() {
        if (!shutdownHookAdded) {
            shutdownHookAdded = true;
            Runtime.getRuntime().addShutdownHook(new Thread(ChorusInfrastructure::stop, "chorus-infra-stop"));
        }
    }
}
