package io.chorus.infra.server;

import io.chorus.infra.process.Ports;
import io.chorus.infra.process.ProcessStarter;
import io.chorus.infra.process.Readiness;
import io.chorus.infra.process.ServerProcess;
import io.chorus.infra.process.ServerStartupException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.common.Uuid;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A single-node Kafka broker in KRaft combined mode (broker and controller in one JVM), forked from the jars of
 * {@code local-infra/kafka-server}. Its storage is formatted once per run directory.
 */
public final class KafkaServer implements LocalServer {

    private static final Logger log = LoggerFactory.getLogger(KafkaServer.class);

    private static final Duration FORMAT_TIMEOUT = Duration.ofSeconds(60);
    private static final Duration READY_TIMEOUT = Duration.ofSeconds(90);

    private static final List<String> JVM_OPTIONS = List.of(
            "-Xms128m", "-Xmx512m", "-XX:+UseSerialGC", "-XX:+ExitOnOutOfMemoryError", "-Djava.awt.headless=true");

    private final Path runDir;
    private final int port;
    private final int controllerPort;
    private final ServerClasspath classpath;
    private final Path java;

    public KafkaServer(Path runDir, int port, int controllerPort, ServerClasspath classpath, Path java) {
        this.runDir = runDir;
        this.port = port;
        this.controllerPort = controllerPort;
        this.classpath = classpath;
        this.java = java;
    }

    @Override
    public String name() {
        return "kafka";
    }

    @Override
    public int port() {
        return port;
    }

    @Override
    public void checkPrerequisites() {
        classpath.asArgument();
    }

    @Override
    public ServerProcess start(boolean detached) {
        long startedAt = System.nanoTime();
        Path config = writeConfiguration();
        formatStorageOnce(config);
        Path console = runDir.resolve("logs/console.log");
        List<String> command = new ArrayList<>(command("kafka.Kafka", config.toString()));
        command.addAll(1, classpath.classDataSharing(java).jvmOptions(classpath.asArgument()));
        Process process = ProcessStarter.start(name(), command, runDir, console, detached);
        Readiness.await(name(), process, READY_TIMEOUT, runDir.resolve("logs/server.log"), this::isAnswering);
        log.info(
                "server ready: server=kafka port={} controllerPort={} pid={} took={}ms",
                port,
                controllerPort,
                process.pid(),
                TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - startedAt));
        return new ServerProcess(name(), process.toHandle(), List.of(port, controllerPort));
    }

    private Path writeConfiguration() {
        Path config = runDir.resolve("server.properties");
        Template.render(
                "kafka-server.properties",
                Map.of(
                        "port", port,
                        "controllerPort", controllerPort,
                        "dataDir", dataDir().toAbsolutePath()),
                config);
        Template.render(
                "kafka-log4j2.xml",
                Map.of("logFile", runDir.resolve("logs/server.log").toAbsolutePath()),
                runDir.resolve("log4j2.xml"));
        return config;
    }

    private void formatStorageOnce(Path config) {
        if (Files.exists(dataDir().resolve("meta.properties"))) {
            return;
        }
        String clusterId = Uuid.randomUuid().toString();
        Path formatLog = runDir.resolve("logs/format.log");
        List<String> command = new ArrayList<>(command(
                "kafka.tools.StorageTool", "format", "-t", clusterId, "-c", config.toString(), "--ignore-formatted"));
        command.add(1, "-XX:TieredStopAtLevel=1"); // a short-lived tool: the C1 compiler alone starts faster
        Process format = ProcessStarter.start("kafka storage format", command, runDir, formatLog, false);
        try {
            if (!format.waitFor(FORMAT_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)) {
                format.destroyForcibly();
                throw new ServerStartupException("formatting Kafka storage timed out; see " + formatLog);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ServerStartupException("interrupted while formatting Kafka storage", e);
        }
        if (format.exitValue() != 0) {
            throw new ServerStartupException("formatting Kafka storage failed with code " + format.exitValue()
                    + "; last lines of " + formatLog + ":\n" + Readiness.tail(formatLog));
        }
        log.info("kafka storage formatted: clusterId={} dir={}", clusterId, dataDir());
    }

    private List<String> command(String mainClass, String... args) {
        List<String> command = new ArrayList<>();
        command.add(java.toString());
        command.addAll(JVM_OPTIONS);
        command.add("-Dlog4j2.configurationFile=" + runDir.resolve("log4j2.xml").toAbsolutePath());
        command.add("-Dkafka.logs.dir=" + runDir.resolve("logs").toAbsolutePath());
        command.add("-Djava.io.tmpdir=" + tmpDir());
        command.add("-cp");
        command.add(classpath.asArgument());
        command.add(mainClass);
        command.addAll(List.of(args));
        return command;
    }

    private Path dataDir() {
        return runDir.resolve("data");
    }

    private String tmpDir() {
        Path tmp = runDir.resolve("tmp");
        try {
            Files.createDirectories(tmp);
        } catch (IOException e) {
            throw new ServerStartupException("could not create " + tmp, e);
        }
        return tmp.toAbsolutePath().toString();
    }

    @Override
    public boolean isAnswering() {
        return Ports.isOpen(Ports.LOOPBACK, port);
    }
}
