package io.chorus.infra;

import io.chorus.infra.cassandra.CqlSessions;
import io.chorus.infra.process.PidFile;
import io.chorus.infra.process.Ports;
import io.chorus.infra.process.ProcessStarter;
import io.chorus.infra.process.ServerProcess;
import io.chorus.infra.server.RedisPing;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CountDownLatch;

/**
 * Command line for the local infrastructure: {@code up [--detach]}, {@code down}, {@code status}. The {@code chorus}
 * script at the repository root drives it; see {@link CliOptions#USAGE}.
 */
public final class LocalInfraMain {

    private static final List<String> SERVERS = List.of("redis", "kafka", "cassandra");

    private static final Duration STOP_GRACE = Duration.ofSeconds(30);

    private final PrintStream out;

    private LocalInfraMain(PrintStream out) {
        this.out = out;
    }

    public static void main(String[] args) {
        LauncherLogging.configure();
        int exitCode;
        try {
            CliOptions options = CliOptions.parse(Arrays.asList(args), RepositoryRoot.resolve());
            exitCode = new LocalInfraMain(System.out).run(options);
        } catch (IllegalArgumentException e) {
            System.err.println("chorus-launcher: " + e.getMessage());
            System.err.print(CliOptions.USAGE);
            exitCode = 2;
        } catch (RuntimeException e) {
            System.err.println("chorus-launcher: " + e.getMessage());
            exitCode = 1;
        }
        System.exit(exitCode);
    }

    private int run(CliOptions options) {
        return switch (options.command()) {
            case "up" -> up(options.settings());
            case "down" -> down(options.settings());
            case "status" -> status(options.settings());
            default -> throw new IllegalArgumentException("unknown command: " + options.command());
        };
    }

    private int up(LocalInfraSettings settings) {
        Thread abortedStart = new Thread(LocalInfraMain::stopHalfStartedServers, "chorus-infra-abort");
        Runtime.getRuntime().addShutdownHook(abortedStart);
        RunningInfra infra = LocalInfra.start(settings);
        Runtime.getRuntime().removeShutdownHook(abortedStart);
        for (ServerProcess server : infra.started()) {
            PidFile.write(settings.pidFile(server.name()), server);
        }
        infra.endpoints().write(settings.endpointsFile());
        printEndpoints(infra);
        if (settings.detached()) {
            out.println("servers left running; stop them with: ./chorus down");
            return 0;
        }
        out.println("servers running in the foreground; Ctrl-C stops them");
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            infra.close();
            infra.started().forEach(server -> deleteQuietly(settings.pidFile(server.name())));
        }));
        awaitForever();
        return 0;
    }

    /** Ctrl-C while starting: detached servers would outlive this JVM without pid files, so stop them now. */
    private static void stopHalfStartedServers() {
        for (Process process : ProcessStarter.aliveProcesses()) {
            process.descendants().forEach(ProcessHandle::destroyForcibly);
            process.destroyForcibly();
        }
    }

    private int down(LocalInfraSettings settings) {
        List<ServerProcess> running = new ArrayList<>();
        List<Integer> ports = new ArrayList<>();
        for (String name : SERVERS) {
            Path pidFile = settings.pidFile(name);
            ports.addAll(PidFile.ports(pidFile));
            PidFile.read(pidFile).ifPresentOrElse(running::add, () -> deleteQuietly(pidFile));
        }
        if (running.isEmpty()) {
            out.println("no Chorus server is running from " + settings.dataDir());
            return 0;
        }
        out.println("stopping: " + running);
        RunningInfra.stopAll(running, STOP_GRACE);
        SERVERS.forEach(name -> deleteQuietly(settings.pidFile(name)));
        if (!Ports.awaitClosed(Ports.LOOPBACK, ports, Duration.ofSeconds(5))) {
            out.println("stopped, but ports are still taken: " + ports);
            return 1;
        }
        out.println("stopped; ports free: " + ports);
        return 0;
    }

    private int status(LocalInfraSettings settings) {
        InfraEndpoints endpoints = Files.isRegularFile(settings.endpointsFile())
                ? InfraEndpoints.read(settings.endpointsFile())
                : settings.endpoints();
        boolean redis = RedisPing.answers(endpoints.redisHost(), endpoints.redisPort());
        boolean kafka = kafkaAnswers(endpoints.kafkaBootstrapServers());
        boolean cassandra = CqlSessions.answers(
                endpoints.cassandraHost(), endpoints.cassandraPort(), endpoints.cassandraDatacenter());
        out.printf("%-10s %-22s %s%n", "redis", endpoints.redisHost() + ":" + endpoints.redisPort(), upDown(redis));
        out.printf("%-10s %-22s %s%n", "kafka", endpoints.kafkaBootstrapServers(), upDown(kafka));
        out.printf("%-10s %-22s %s%n", "cassandra", endpoints.cassandraContactPoint(), upDown(cassandra));
        return redis && kafka && cassandra ? 0 : 1;
    }

    private static boolean kafkaAnswers(String bootstrapServers) {
        String first = bootstrapServers.split(",")[0].trim();
        int colon = first.lastIndexOf(':');
        return Ports.isOpen(first.substring(0, colon), Integer.parseInt(first.substring(colon + 1)));
    }

    private void printEndpoints(RunningInfra infra) {
        InfraEndpoints endpoints = infra.endpoints();
        out.println("redis      " + endpoints.redisHost() + ":" + endpoints.redisPort());
        out.println("kafka      " + endpoints.kafkaBootstrapServers());
        out.println("cassandra  " + endpoints.cassandraContactPoint() + " (datacenter "
                + endpoints.cassandraDatacenter() + ", keyspace " + endpoints.cassandraKeyspace() + ")");
        if (!infra.reused().isEmpty()) {
            out.println("reused (already running): " + infra.reused());
        }
    }

    private static String upDown(boolean up) {
        return up ? "UP" : "DOWN";
    }

    private static void awaitForever() {
        try {
            new CountDownLatch(1).await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static void deleteQuietly(Path file) {
        try {
            Files.deleteIfExists(file);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
