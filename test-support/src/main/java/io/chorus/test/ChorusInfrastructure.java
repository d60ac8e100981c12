package io.chorus.test;

import io.chorus.infra.InfraEndpoints;
import io.chorus.infra.Store;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.testcontainers.DockerClientFactory;

/**
 * Real Redis, Kafka and Cassandra for integration tests: one set per JVM, each store started on its first use, stopped when the test
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
    private static final Set<Store> ready = EnumSet.noneOf(Store.class);
    private static InfraEndpoints endpoints;
    private static InfraMode mode;
    private static RuntimeException failure;
    private static boolean shutdownHookAdded;

    private ChorusInfrastructure() {}

    /** The endpoints of all three stores; starts those not running yet. Throws when no server can be had. */
    public static InfraEndpoints endpoints() {
        return endpoints(Store.values());
    }

    /**
     * The endpoints with the given stores running (each started on its first use in this JVM, with its topics or
     * schema in place); the other stores' fields are live only if something started them earlier. Throws when no
     * server can be had.
     */
    public static synchronized InfraEndpoints endpoints(Store... stores) {
        Set<Store> wanted = EnumSet.noneOf(Store.class);
        wanted.addAll(Arrays.asList(stores));
        if (running != null && ready.containsAll(wanted)) {
            return endpoints;
        }
        if (failure != null) {
            throw new IllegalStateException(
                    "the Chorus test infrastructure failed to start earlier in this JVM: " + failure.getMessage(),
                    failure);
        }
        try {
            if (running == null) {
                running = plan();
            }
            long startedAt = System.nanoTime();
            Set<Store> starting = EnumSet.copyOf(wanted);
            starting.removeAll(ready);
            endpoints = running.ensure(wanted);
            ready.addAll(wanted);
            log.info(
                    "chorus test infrastructure ready: mode={} started={} redis={}:{} kafka={} cassandra={} took={}ms",
                    mode,
                    starting,
                    endpoints.redisHost(),
                    endpoints.redisPort(),
                    endpoints.kafkaBootstrapServers(),
                    endpoints.cassandraContactPoint(),
                    TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - startedAt));
            return endpoints;
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
        return running != null && !ready.isEmpty();
    }

    /** The concrete mode in use ({@code null} before the first start). */
    public static synchronized InfraMode mode() {
        return mode;
    }

    /**
     * Registers the Spring Boot connection properties for Redis, Kafka and Cassandra. The values are suppliers: each
     * store's server starts when Spring first reads one of its properties, so an application without Kafka or
     * Cassandra never starts them.
     */
    public static void registerProperties(DynamicPropertyRegistry registry) {
        registry.add("spring.data.redis.host", () -> endpoints(Store.REDIS).redisHost());
        registry.add("spring.data.redis.port", () -> endpoints(Store.REDIS).redisPort());
        registry.add(
                "spring.kafka.bootstrap-servers", () -> endpoints(Store.KAFKA).kafkaBootstrapServers());
        registry.add("spring.cassandra.contact-points", () -> endpoints(Store.CASSANDRA)
                .cassandraContactPoint());
        registry.add("spring.cassandra.port", () -> endpoints(Store.CASSANDRA).cassandraPort());
        registry.add("spring.cassandra.local-datacenter", () -> endpoints(Store.CASSANDRA)
                .cassandraDatacenter());
        registry.add("spring.cassandra.keyspace-name", () -> endpoints(Store.CASSANDRA)
                .cassandraKeyspace());
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
            ready.clear();
            endpoints = null;
        }
        log.info(
                "chorus test infrastructure stopped: mode={} took={}ms",
                mode,
                TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - startedAt));
    }

    private static RunningInfrastructure plan() {
        mode = InfraMode.resolve(InfraMode.requested(), ChorusInfrastructure::dockerAvailable);
        log.info("chorus test infrastructure: mode={}", mode);
        addShutdownHookOnce();
        return switch (mode) {
            case CONTAINERS -> ContainerServers.plan();
            case LOCAL -> LocalServers.plan();
            case EXTERNAL -> ExternalServers.connect();
            case AUTO -> throw new IllegalStateException("auto resolves to a concrete mode");
        };
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
