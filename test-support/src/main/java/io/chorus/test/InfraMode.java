package io.chorus.test;

import java.util.Locale;
import java.util.function.BooleanSupplier;

/**
 * Where the tests' Redis, Kafka and Cassandra come from. Chosen once per JVM from the system property
 * {@value #PROPERTY} (or the environment variable {@value #ENVIRONMENT}); {@link #AUTO} is the default.
 */
public enum InfraMode {

    /** Containers when a Docker engine answers, else local servers. */
    AUTO,
    /** Testcontainers: redis:7, apache/kafka, cassandra:5.0. */
    CONTAINERS,
    /** Fresh local servers (redis-server, forked Kafka and Cassandra JVMs) on free ports, data under target/. */
    LOCAL,
    /** The servers that {@code ./chorus up} runs, found in {@code .chorus/infra/endpoints.properties}. */
    EXTERNAL;

    public static final String PROPERTY = "chorus.test.infra";
    public static final String ENVIRONMENT = "CHORUS_TEST_INFRA";

    /** Parses a mode name, case-insensitively; blank means {@link #AUTO}. */
    public static InfraMode parse(String value) {
        if (value == null || value.isBlank()) {
            return AUTO;
        }
        try {
            return valueOf(value.trim().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(
                    PROPERTY + "=" + value + " is not a mode; use auto, containers, local or external", e);
        }
    }

    /**
     * The concrete mode to run: the requested one, or for {@link #AUTO} containers when Docker answers and local
     * servers otherwise. Docker is only asked in {@link #AUTO} mode.
     */
    public static InfraMode resolve(String requested, BooleanSupplier dockerAvailable) {
        InfraMode mode = parse(requested);
        if (mode != AUTO) {
            return mode;
        }
        return dockerAvailable.getAsBoolean() ? CONTAINERS : LOCAL;
    }

    /** The requested mode name: system property first, then the environment. */
    static String requested() {
        String property = System.getProperty(PROPERTY);
        return property != null && !property.isBlank() ? property : System.getenv(ENVIRONMENT);
    }
}
