package io.chorus.e2e.support;

import io.chorus.infra.InfraEndpoints;
import io.chorus.infra.RepositoryRoot;
import io.chorus.infra.process.OrphanReaper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One packaged Chorus service ({@code <service>/target/<service>-<version>.jar}) running as its own OS process on a
 * loopback port, with the {@code local} profile, the repository's config-repo, the run's servers and JWT secret. Its
 * output goes to {@code target/e2e-logs/<service>-<port>.log}.
 */
public final class ServiceProcess {

    private static final Logger log = LoggerFactory.getLogger(ServiceProcess.class);

    private static final String VERSION = System.getProperty("chorus.e2e.version", "0.1.0-SNAPSHOT");
    private static final List<String> JVM_OPTIONS =
            List.of("-XX:TieredStopAtLevel=1", "-Xss512k", "-XX:+UseSerialGC", "-Xmx384m");
    private static final Map<String, Path> JARS = new HashMap<>();
    private static final HttpClient HTTP =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    private final String service;
    private final int port;
    private final Process process;
    private final Path logFile;
    private final OrphanReaper reaper;
    private final long startedAt = System.nanoTime();

    private ServiceProcess(String service, int port, Process process, Path logFile) {
        this.service = service;
        this.port = port;
        this.process = process;
        this.logFile = logFile;
        this.reaper = OrphanReaper.forCurrentJvm(List.of(process.pid()));
    }

    /** Forks the service; {@link #awaitHealthy} waits for it. */
    public static ServiceProcess start(String service, int port, List<String> extraArguments) {
        InfraEndpoints servers = E2eInfra.get().endpoints();
        List<String> command = new ArrayList<>();
        command.add(ProcessHandle.current().info().command().orElse("java"));
        command.addAll(JVM_OPTIONS);
        command.add("-Djava.io.tmpdir=" + tmpDir());
        command.add("-Dchorus.service=" + service);
        command.add("-jar");
        command.add(jar(service).toString());
        command.add("--server.port=" + port);
        command.add("--server.address=127.0.0.1");
        command.add("--spring.profiles.active=local");
        command.add("--chorus.config.dir=" + RepositoryRoot.resolve().resolve("config-repo"));
        command.add("--chorus.jwt.secret=" + Jwt.SECRET);
        command.add("--spring.data.redis.host=" + servers.redisHost());
        command.add("--spring.data.redis.port=" + servers.redisPort());
        command.add("--spring.kafka.bootstrap-servers=" + servers.kafkaBootstrapServers());
        command.add("--spring.cassandra.contact-points=" + servers.cassandraContactPoint());
        command.add("--spring.cassandra.local-datacenter=" + servers.cassandraDatacenter());
        command.add("--logging.level.org.apache.kafka=WARN");
        command.addAll(extraArguments);
        Path logFile = logDir().resolve(service + "-" + port + ".log");
        ProcessBuilder builder = new ProcessBuilder(command)
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(logFile.toFile()))
                .redirectInput(ProcessBuilder.Redirect.from(Path.of("/dev/null").toFile()));
        Map<String, String> environment = builder.environment();
        environment.put("CHORUS_JWT_SECRET", Jwt.SECRET);
        environment.put("CHORUS_REDIS_HOST", servers.redisHost());
        environment.put("CHORUS_REDIS_PORT", Integer.toString(servers.redisPort()));
        environment.put("CHORUS_KAFKA_BOOTSTRAP", servers.kafkaBootstrapServers());
        environment.put("CHORUS_CASSANDRA_CONTACT_POINTS", servers.cassandraContactPoint());
        environment.put("CHORUS_CASSANDRA_DC", servers.cassandraDatacenter());
        try {
            Process process = builder.start();
            log.info("started {} on port {} (pid {}), log {}", service, port, process.pid(), logFile);
            return new ServiceProcess(service, port, process, logFile);
        } catch (IOException e) {
            throw new UncheckedIOException("could not start " + service, e);
        }
    }

    public String service() {
        return service;
    }

    public int port() {
        return port;
    }

    public long pid() {
        return process.pid();
    }

    public String baseUrl() {
        return "http://127.0.0.1:" + port;
    }

    public URI webSocketUri(String token) {
        return URI.create("ws://127.0.0.1:" + port + "/ws?access_token=" + token);
    }

    public boolean isAlive() {
        return process.isAlive();
    }

    public Path logFile() {
        return logFile;
    }

    /** Waits until {@code /actuator/health} answers 200 UP; fails at once, with the log's tail, if the process exits. */
    public ServiceProcess awaitHealthy(Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            if (!process.isAlive()) {
                throw new IllegalStateException(service + " on port " + port + " exited with code "
                        + process.exitValue() + " while starting; last lines of " + logFile + ":\n" + tail(60));
            }
            if (healthy()) {
                log.info(
                        "{} on port {} healthy after {} ms",
                        service,
                        port,
                        TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - startedAt));
                return this;
            }
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException(service + " on port " + port + " not healthy after " + timeout
                        + "; last lines of " + logFile + ":\n" + tail(60));
            }
            Poll.sleep(250);
        }
    }

    private boolean healthy() {
        try {
            HttpResponse<String> response = HTTP.send(
                    HttpRequest.newBuilder(URI.create(baseUrl() + "/actuator/health"))
                            .timeout(Duration.ofSeconds(2))
                            .build(),
                    HttpResponse.BodyHandlers.ofString());
            return response.statusCode() == 200 && response.body().contains("\"UP\"");
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }

    /** SIGKILL: no shutdown hook, no drain, no last presence report, no lease removal. */
    public void kill9() {
        process.destroyForcibly();
        awaitExit(Duration.ofSeconds(10));
        reaper.close();
        log.info("killed {} on port {} (pid {}) with SIGKILL", service, port, process.pid());
    }

    /** SIGTERM (graceful shutdown), SIGKILL when it is not gone within 30 s. */
    public void stop() {
        if (!process.isAlive()) {
            reaper.close();
            return;
        }
        process.destroy();
        if (!awaitExit(Duration.ofSeconds(30))) {
            process.destroyForcibly();
            awaitExit(Duration.ofSeconds(10));
        }
        reaper.close();
    }

    private boolean awaitExit(Duration timeout) {
        try {
            return process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    /** The last lines of this process's log. */
    public String tail(int lines) {
        try {
            List<String> all = Files.readAllLines(logFile, StandardCharsets.UTF_8);
            return String.join("\n", all.subList(Math.max(0, all.size() - lines), all.size()));
        } catch (IOException | UncheckedIOException e) {
            return "(no log: " + e + ")";
        }
    }

    @Override
    public String toString() {
        return service + ":" + port + "(pid " + process.pid() + (process.isAlive() ? "" : ", exited") + ")";
    }

    /**
     * The service's packaged jar, copied once per JVM into {@code target/e2e-jars}: a module rebuilt meanwhile cannot
     * swap the jar under a running or restarting process.
     */
    private static synchronized Path jar(String service) {
        return JARS.computeIfAbsent(service, name -> {
            Path packaged =
                    RepositoryRoot.resolve().resolve(name).resolve("target").resolve(name + "-" + VERSION + ".jar");
            if (!Files.isRegularFile(packaged)) {
                throw new IllegalStateException("no packaged " + name + " at " + packaged
                        + ": the e2e tests start the services' jars; build them first (./mvnw verify builds every"
                        + " module before e2e, or ./mvnw -o -pl " + name + " package -DskipTests)");
            }
            try {
                Path copy = Path.of("target", "e2e-jars", name + ".jar").toAbsolutePath();
                Files.createDirectories(copy.getParent());
                Files.copy(packaged, copy, StandardCopyOption.REPLACE_EXISTING);
                return copy;
            } catch (IOException e) {
                throw new UncheckedIOException("could not copy " + packaged, e);
            }
        });
    }

    private static Path logDir() {
        Path dir = Path.of(System.getProperty("chorus.e2e.logs", "target/e2e-logs"));
        try {
            Files.createDirectories(dir);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return dir.toAbsolutePath();
    }

    private static String tmpDir() {
        Path dir = Path.of("target", "tmp").toAbsolutePath();
        try {
            Files.createDirectories(dir);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return dir.toString();
    }
}
