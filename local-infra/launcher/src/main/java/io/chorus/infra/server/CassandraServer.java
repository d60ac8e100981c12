package io.chorus.infra.server;

import io.chorus.infra.cassandra.CqlSessions;
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
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A single Cassandra 5 node forked from the jars of {@code local-infra/cassandra-server} on a Java 17 runtime. The
 * jar ships no configuration: cassandra.yaml and logback.xml are written into the run directory on every start.
 */
public final class CassandraServer implements LocalServer {

    public static final String DATACENTER = "datacenter1";

    private static final Logger log = LoggerFactory.getLogger(CassandraServer.class);

    private static final Duration READY_TIMEOUT = Duration.ofSeconds(150);

    private static final List<String> JVM_OPTIONS = List.of(
            "-Xms512m",
            "-Xmx512m",
            "-Xss256k",
            "-XX:+UseG1GC",
            "-XX:+ParallelRefProcEnabled",
            "-XX:MaxTenuringThreshold=1",
            "-XX:G1RSetUpdatingPauseTimePercent=5",
            "-XX:MaxGCPauseMillis=300",
            "-XX:+ExitOnOutOfMemoryError",
            "-Djava.awt.headless=true");

    /** The JPMS block of Cassandra's own conf/jvm17-server.options: without it startup fails on JDK 17. */
    private static final List<String> JDK17_OPTIONS = List.of(
            "-Djdk.attach.allowAttachSelf=true",
            "--add-exports",
            "java.base/jdk.internal.misc=ALL-UNNAMED",
            "--add-exports",
            "java.management.rmi/com.sun.jmx.remote.internal.rmi=ALL-UNNAMED",
            "--add-exports",
            "java.rmi/sun.rmi.registry=ALL-UNNAMED",
            "--add-exports",
            "java.rmi/sun.rmi.server=ALL-UNNAMED",
            "--add-exports",
            "java.sql/java.sql=ALL-UNNAMED",
            "--add-exports",
            "java.base/java.lang.ref=ALL-UNNAMED",
            "--add-exports",
            "jdk.unsupported/sun.misc=ALL-UNNAMED",
            "--add-exports",
            "jdk.compiler/com.sun.tools.javac.file=ALL-UNNAMED",
            "--add-exports",
            "jdk.attach/sun.tools.attach=ALL-UNNAMED",
            "--add-opens",
            "java.base/java.lang.module=ALL-UNNAMED",
            "--add-opens",
            "java.base/jdk.internal.loader=ALL-UNNAMED",
            "--add-opens",
            "java.base/jdk.internal.ref=ALL-UNNAMED",
            "--add-opens",
            "java.base/jdk.internal.reflect=ALL-UNNAMED",
            "--add-opens",
            "java.base/jdk.internal.math=ALL-UNNAMED",
            "--add-opens",
            "java.base/jdk.internal.module=ALL-UNNAMED",
            "--add-opens",
            "java.base/jdk.internal.util.jar=ALL-UNNAMED",
            "--add-opens",
            "jdk.management/com.sun.management.internal=ALL-UNNAMED",
            "--add-opens",
            "java.base/sun.nio.ch=ALL-UNNAMED",
            "--add-opens",
            "java.base/java.io=ALL-UNNAMED",
            "--add-opens",
            "java.base/java.lang.reflect=ALL-UNNAMED",
            "--add-opens",
            "jdk.compiler/com.sun.tools.javac=ALL-UNNAMED",
            "--add-opens",
            "java.base/java.lang=ALL-UNNAMED",
            "--add-opens",
            "java.base/java.util=ALL-UNNAMED",
            "-Dio.netty.tryReflectionSetAccessible=true",
            "-Dio.netty.allocator.useCacheForAllThreads=true",
            "-Dio.netty.allocator.maxOrder=11");

    /** Throw-away single node: no gossip settling, no ring delay, no fsync of system tables. */
    private static final List<String> FAST_NODE_OPTIONS = List.of(
            "-Dcassandra-foreground=yes",
            "-Dcassandra.skip_wait_for_gossip_to_settle=0",
            "-Dcassandra.ring_delay_ms=100",
            "-Dcassandra.unsafesystem=true",
            "-Dcassandra.superuser_setup_delay_ms=0");

    private final Path runDir;
    private final int port;
    private final int storagePort;
    private final ServerClasspath classpath;
    private final Supplier<Path> java17;

    public CassandraServer(Path runDir, int port, int storagePort, ServerClasspath classpath, Supplier<Path> java17) {
        this.runDir = runDir;
        this.port = port;
        this.storagePort = storagePort;
        this.classpath = classpath;
        this.java17 = java17;
    }

    @Override
    public String name() {
        return "cassandra";
    }

    @Override
    public int port() {
        return port;
    }

    @Override
    public void checkPrerequisites() {
        classpath.asArgument();
        java17.get();
    }

    @Override
    public ServerProcess start(boolean detached) {
        long startedAt = System.nanoTime();
        writeConfiguration();
        Path console = runDir.resolve("logs/console.log");
        Process process = ProcessStarter.start(name(), command(), runDir, console, detached);
        Readiness.await(name(), process, READY_TIMEOUT, runDir.resolve("logs/system.log"), this::acceptsCql);
        log.info(
                "server ready: server=cassandra port={} storagePort={} pid={} took={}ms",
                port,
                storagePort,
                process.pid(),
                TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - startedAt));
        return new ServerProcess(name(), process.toHandle(), List.of(port, storagePort));
    }

    private boolean acceptsCql() {
        return isAnswering() && CqlSessions.answers(Ports.LOOPBACK, port, DATACENTER);
    }

    private void writeConfiguration() {
        Path absoluteRunDir = runDir.toAbsolutePath();
        Template.render(
                "cassandra.yaml",
                Map.of("port", port, "storagePort", storagePort, "runDir", absoluteRunDir),
                runDir.resolve("conf/cassandra.yaml"));
        Template.render(
                "cassandra-logback.xml",
                Map.of("logFile", absoluteRunDir.resolve("logs/system.log")),
                runDir.resolve("conf/logback.xml"));
    }

    private List<String> command() {
        Path absoluteRunDir = runDir.toAbsolutePath();
        List<String> command = new ArrayList<>();
        Path java = java17.get();
        command.add(java.toString());
        command.addAll(JVM_OPTIONS);
        command.addAll(classpath.classDataSharing(java).jvmOptions(classpath.asArgument()));
        command.addAll(JDK17_OPTIONS);
        command.addAll(FAST_NODE_OPTIONS);
        command.add("-Dcassandra.config="
                + absoluteRunDir.resolve("conf/cassandra.yaml").toUri());
        command.add("-Dlogback.configurationFile=" + absoluteRunDir.resolve("conf/logback.xml"));
        command.add("-Dcassandra.logdir=" + absoluteRunDir.resolve("logs"));
        command.add("-Dcassandra.storagedir=" + absoluteRunDir);
        command.add("-Djava.io.tmpdir=" + tmpDir());
        command.add("-cp");
        command.add(classpath.asArgument());
        command.add("org.apache.cassandra.service.CassandraDaemon");
        return command;
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
}
