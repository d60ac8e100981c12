package io.chorus.infra;

import io.chorus.infra.process.Ports;
import java.nio.file.Path;
import java.time.Duration;

/**
 * How to run the local servers: where their data lives, their ports, and whether servers already answering are
 * reused and started ones outlive this JVM.
 *
 * @param dataDir one run directory per server below it, plus pid files and endpoints.properties
 * @param reuseRunning a server already answering on its port is used as it is, not started
 * @param detached started servers get their own session and outlive this JVM (for {@code up --detach})
 * @param stopGrace how long a stop waits after SIGTERM before SIGKILL
 */
public record LocalInfraSettings(
        Path repositoryRoot,
        Path dataDir,
        int redisPort,
        int kafkaPort,
        int kafkaControllerPort,
        int cassandraPort,
        int cassandraStoragePort,
        boolean reuseRunning,
        boolean detached,
        Duration stopGrace) {

    /** The well-known ports, data under {@code <root>/.chorus/infra}, reuse on: what {@code ./chorus up} uses. */
    public static LocalInfraSettings defaults(Path repositoryRoot) {
        return new LocalInfraSettings(
                repositoryRoot,
                repositoryRoot.resolve(".chorus/infra"),
                6379,
                9092,
                9093,
                9042,
                7000,
                true,
                false,
                Duration.ofSeconds(30));
    }

    /** Fresh servers on free ports with throw-away data: what a test JVM uses. */
    public static LocalInfraSettings throwAway(Path repositoryRoot, Path dataDir) {
        return new LocalInfraSettings(
                repositoryRoot,
                dataDir,
                Ports.freePort(),
                Ports.freePort(),
                Ports.freePort(),
                Ports.freePort(),
                Ports.freePort(),
                false,
                false,
                Duration.ofSeconds(3));
    }

    public LocalInfraSettings withDataDir(Path dataDir) {
        return new LocalInfraSettings(
                repositoryRoot,
                dataDir,
                redisPort,
                kafkaPort,
                kafkaControllerPort,
                cassandraPort,
                cassandraStoragePort,
                reuseRunning,
                detached,
                stopGrace);
    }

    public LocalInfraSettings withPorts(int redis, int kafka, int kafkaController, int cassandra, int storage) {
        return new LocalInfraSettings(
                repositoryRoot,
                dataDir,
                redis,
                kafka,
                kafkaController,
                cassandra,
                storage,
                reuseRunning,
                detached,
                stopGrace);
    }

    public LocalInfraSettings withDetached(boolean detached) {
        return new LocalInfraSettings(
                repositoryRoot,
                dataDir,
                redisPort,
                kafkaPort,
                kafkaControllerPort,
                cassandraPort,
                cassandraStoragePort,
                reuseRunning,
                detached,
                stopGrace);
    }

    public InfraEndpoints endpoints() {
        return InfraEndpoints.loopback(redisPort, kafkaPort, cassandraPort);
    }

    public Path endpointsFile() {
        return dataDir.resolve(InfraEndpoints.FILE_NAME);
    }

    public Path pidFile(String server) {
        return dataDir.resolve(server + ".pid");
    }
}
