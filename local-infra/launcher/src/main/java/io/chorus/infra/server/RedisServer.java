package io.chorus.infra.server;

import io.chorus.infra.process.Ports;
import io.chorus.infra.process.ProcessStarter;
import io.chorus.infra.process.Readiness;
import io.chorus.infra.process.ServerProcess;
import io.chorus.infra.process.ServerStartupException;
import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Redis 7 from the operating system's {@code redis-server} binary, in memory only (no RDB, no AOF): local data is
 * throw-away, and Chorus keeps nothing durable in Redis.
 */
public final class RedisServer implements LocalServer {

    /** Overrides the redis-server executable. */
    public static final String BINARY_ENV = "CHORUS_REDIS_SERVER";

    public static final String INSTALL_HINT = "apt-get update && apt-get install -y redis-server";

    private static final Logger log = LoggerFactory.getLogger(RedisServer.class);

    private static final Duration READY_TIMEOUT = Duration.ofSeconds(20);

    private static final Pattern VERSION = Pattern.compile("v=(\\d+)\\.(\\d+)\\.(\\d+)");

    private final Path runDir;
    private final int port;

    public RedisServer(Path runDir, int port) {
        this.runDir = runDir;
        this.port = port;
    }

    @Override
    public String name() {
        return "redis";
    }

    @Override
    public int port() {
        return port;
    }

    @Override
    public boolean isAnswering() {
        return RedisPing.answers(Ports.LOOPBACK, port);
    }

    @Override
    public void checkPrerequisites() {
        binary();
    }

    @Override
    public ServerProcess start(boolean detached) {
        Path binary = binary();
        long startedAt = System.nanoTime();
        Path logFile = runDir.resolve("redis.log");
        List<String> command = List.of(
                binary.toString(),
                "--bind",
                Ports.LOOPBACK,
                "--port",
                Integer.toString(port),
                "--save",
                "",
                "--appendonly",
                "no",
                "--daemonize",
                "no",
                "--dir",
                runDir.toAbsolutePath().toString());
        Process process = ProcessStarter.start(name(), command, runDir, logFile, detached);
        Readiness.await(name(), process, READY_TIMEOUT, logFile, this::isAnswering);
        log.info(
                "server ready: server=redis port={} pid={} took={}ms",
                port,
                process.pid(),
                (System.nanoTime() - startedAt) / 1_000_000);
        return new ServerProcess(name(), process.toHandle(), List.of(port));
    }

    /** The redis-server executable (Redis 7 or newer), or a failure that says how to install it. */
    public static Path binary() {
        Optional<Path> override = Optional.ofNullable(System.getenv(BINARY_ENV))
                .filter(value -> !value.isBlank())
                .map(Path::of);
        if (override.isPresent() && !Files.isExecutable(override.get())) {
            throw new ServerStartupException(BINARY_ENV + "=" + override.get() + " is not an executable redis-server."
                    + " Unset it, or install Redis 7: " + INSTALL_HINT);
        }
        Path binary = override.or(RedisServer::onPath)
                .orElseThrow(() -> new ServerStartupException("redis-server (Redis 7) is not installed. Install it: "
                        + INSTALL_HINT + " (as root; ./chorus test and ./chorus up do it when run as root), or set "
                        + BINARY_ENV + " to a redis-server executable."));
        int major = majorVersion(binary);
        if (major < 7) {
            throw new ServerStartupException(binary + " is Redis " + major + "; Chorus needs Redis 7 or newer"
                    + " (sharded pub/sub). Install it: " + INSTALL_HINT);
        }
        return binary;
    }

    private static Optional<Path> onPath() {
        String path = Optional.ofNullable(System.getenv("PATH")).orElse("");
        String extra = File.pathSeparator + "/usr/bin" + File.pathSeparator + "/usr/local/bin";
        return Stream.of((path + extra).split(File.pathSeparator))
                .filter(dir -> !dir.isBlank())
                .map(dir -> Path.of(dir, "redis-server"))
                .filter(Files::isExecutable)
                .findFirst();
    }

    private static int majorVersion(Path binary) {
        try {
            Process process = new ProcessBuilder(binary.toString(), "--version")
                    .redirectErrorStream(true)
                    .start();
            String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            process.waitFor();
            Matcher matcher = VERSION.matcher(output);
            return matcher.find() ? Integer.parseInt(matcher.group(1)) : 0;
        } catch (IOException e) {
            throw new ServerStartupException("could not run " + binary + " --version: " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new ServerStartupException("interrupted while checking the Redis version", e);
        }
    }
}
