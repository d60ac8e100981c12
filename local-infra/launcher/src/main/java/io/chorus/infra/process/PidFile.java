package io.chorus.infra.process;

import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.Properties;
import java.util.stream.Collectors;

/**
 * A server's pid file: pid, start time and ports. The start time guards against a recycled pid: a live process with
 * the same pid but another start time is not ours and is never signalled.
 */
public final class PidFile {

    private PidFile() {}

    public static void write(Path file, ServerProcess server) {
        Properties properties = new Properties();
        properties.setProperty("name", server.name());
        properties.setProperty("pid", Long.toString(server.pid()));
        server.startInstant().ifPresent(start -> properties.setProperty("started", start.toString()));
        properties.setProperty(
                "ports", server.ports().stream().map(String::valueOf).collect(Collectors.joining(",")));
        try {
            Files.createDirectories(file.getParent());
            try (Writer writer = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
                properties.store(writer, "Chorus local server");
            }
        } catch (IOException e) {
            throw new UncheckedIOException("could not write pid file " + file, e);
        }
    }

    /** The live process a pid file points to; empty when the file is missing or the process is gone. */
    public static Optional<ServerProcess> read(Path file) {
        Optional<Properties> properties = load(file);
        return properties.flatMap(PidFile::liveProcess);
    }

    /** The ports recorded in a pid file (also when its process is gone). */
    public static List<Integer> ports(Path file) {
        return load(file).map(PidFile::ports).orElse(List.of());
    }

    private static Optional<ServerProcess> liveProcess(Properties properties) {
        long pid = Long.parseLong(properties.getProperty("pid").trim());
        String started = properties.getProperty("started");
        return ProcessHandle.of(pid)
                .filter(ProcessHandle::isAlive)
                .filter(handle -> started == null || sameStart(handle, Instant.parse(started)))
                .map(handle -> new ServerProcess(properties.getProperty("name", "server"), handle, ports(properties)));
    }

    private static boolean sameStart(ProcessHandle handle, Instant recorded) {
        return handle.info()
                .startInstant()
                .map(actual -> Math.abs(actual.toEpochMilli() - recorded.toEpochMilli()) < 1000)
                .orElse(true);
    }

    private static List<Integer> ports(Properties properties) {
        String ports = properties.getProperty("ports", "").trim();
        if (ports.isEmpty()) {
            return List.of();
        }
        return Arrays.stream(ports.split(","))
                .map(String::trim)
                .map(Integer::valueOf)
                .toList();
    }

    private static Optional<Properties> load(Path file) {
        if (!Files.isRegularFile(file)) {
            return Optional.empty();
        }
        Properties properties = new Properties();
        try (Reader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            properties.load(reader);
            return Optional.of(properties);
        } catch (IOException e) {
            throw new UncheckedIOException("could not read pid file " + file, e);
        }
    }
}
