package io.chorus.infra;

import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Properties;

/**
 * Where Chorus' Redis, Kafka and Cassandra answer. Written by {@code ./chorus up} to
 * {@code .chorus/infra/endpoints.properties}; read by the test fixture in {@code external} mode.
 */
public record InfraEndpoints(
        String redisHost,
        int redisPort,
        String kafkaBootstrapServers,
        String cassandraHost,
        int cassandraPort,
        String cassandraDatacenter,
        String cassandraKeyspace) {

    public static final String DATACENTER = "datacenter1";
    public static final String KEYSPACE = "chorus";
    public static final String FILE_NAME = "endpoints.properties";

    /** Servers on 127.0.0.1 with the default datacenter and keyspace. */
    public static InfraEndpoints loopback(int redisPort, int kafkaPort, int cassandraPort) {
        return new InfraEndpoints(
                "127.0.0.1", redisPort, "127.0.0.1:" + kafkaPort, "127.0.0.1", cassandraPort, DATACENTER, KEYSPACE);
    }

    /** {@code host:port}, the form of {@code spring.cassandra.contact-points}. */
    public String cassandraContactPoint() {
        return cassandraHost + ":" + cassandraPort;
    }

    public Properties toProperties() {
        Properties properties = new Properties();
        properties.setProperty("redis.host", redisHost);
        properties.setProperty("redis.port", Integer.toString(redisPort));
        properties.setProperty("kafka.bootstrap-servers", kafkaBootstrapServers);
        properties.setProperty("cassandra.host", cassandraHost);
        properties.setProperty("cassandra.port", Integer.toString(cassandraPort));
        properties.setProperty("cassandra.contact-point", cassandraContactPoint());
        properties.setProperty("cassandra.datacenter", cassandraDatacenter);
        properties.setProperty("cassandra.keyspace", cassandraKeyspace);
        return properties;
    }

    public static InfraEndpoints fromProperties(Properties properties) {
        return new InfraEndpoints(
                required(properties, "redis.host"),
                Integer.parseInt(required(properties, "redis.port")),
                required(properties, "kafka.bootstrap-servers"),
                required(properties, "cassandra.host"),
                Integer.parseInt(required(properties, "cassandra.port")),
                properties.getProperty("cassandra.datacenter", DATACENTER),
                properties.getProperty("cassandra.keyspace", KEYSPACE));
    }

    public void write(Path file) {
        try {
            Files.createDirectories(file.toAbsolutePath().getParent());
            try (Writer writer = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
                toProperties().store(writer, "Chorus infrastructure endpoints, written by the launcher");
            }
        } catch (IOException e) {
            throw new UncheckedIOException("could not write " + file, e);
        }
    }

    public static InfraEndpoints read(Path file) {
        Properties properties = new Properties();
        try (Reader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            properties.load(reader);
        } catch (IOException e) {
            throw new UncheckedIOException("could not read " + file, e);
        }
        return fromProperties(properties);
    }

    private static String required(Properties properties, String key) {
        String value = properties.getProperty(key);
        if (value == null || value.isBlank()) {
            throw new IllegalArgumentException("endpoints: missing " + key);
        }
        return value.trim();
    }
}
