package io.chorus.infra.process;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Application class data sharing for a forked server JVM: about a third less CPU to start Cassandra, which matters on
 * two cores shared with builds and services. A first start records the classes it loads; a later start dumps the
 * archive in a detached low-priority process; the starts after that map it. The cache sits next to the server's
 * classpath, so {@code mvn clean} resets both together. A missing or mismatching archive only costs speed: the JVM
 * then starts without it.
 */
public final class ClassDataSharing {

    private static final Logger log = LoggerFactory.getLogger(ClassDataSharing.class);

    private static final Duration STALE_DUMP = Duration.ofMinutes(10);

    private final Path cacheDir;
    private final String name;
    private final Path java;
    private final Path libDir;

    public ClassDataSharing(Path cacheDir, String server, Path java, Path libDir) {
        this.cacheDir = cacheDir;
        this.name = server + "-" + Integer.toHexString(realPath(java).hashCode());
        this.java = java;
        this.libDir = libDir;
    }

    /**
     * The options for the next start with {@code classpath}: map a current archive; else, when a class list was
     * recorded, start dumping the archive in the background (for later starts); else record a class list now.
     */
    public List<String> jvmOptions(String classpath) {
        try {
            Files.createDirectories(cacheDir);
        } catch (IOException e) {
            return List.of();
        }
        if (isCurrent(archive())) {
            return List.of("-XX:SharedArchiveFile=" + archive(), "-Xlog:cds=off", "-Xlog:cds+dynamic=off");
        }
        if (isDumping()) {
            return List.of();
        }
        if (isCurrent(classList()) && !dumpFailed()) {
            dumpInBackground(classpath);
            return List.of();
        }
        List.of(archive(), classList(), dumpLog()).forEach(ClassDataSharing::deleteQuietly);
        return List.of("-XX:DumpLoadedClassList=" + classList());
    }

    private void dumpInBackground(String classpath) {
        Path temporary = cacheDir.resolve(name + ".jsa.tmp");
        String script = "trap 'rm -f \"$3\"' EXIT; "
                + "nice -n 19 \"$1\" -Xshare:dump -XX:SharedClassListFile=\"$2\" -XX:SharedArchiveFile=\"$4\""
                + " -cp \"$5\" >\"$6\" 2>&1 && mv -f \"$4\" \"$7\"";
        List<String> command = new ArrayList<>();
        if (Files.isExecutable(Path.of("/usr/bin/setsid"))) {
            command.add("/usr/bin/setsid");
        }
        command.addAll(List.of("/bin/sh", "-c", script, "chorus-cds-dump"));
        command.addAll(List.of(
                java.toString(),
                classList().toString(),
                lock().toString(),
                temporary.toString(),
                classpath,
                dumpLog().toString(),
                archive().toString()));
        try {
            Files.writeString(lock(), Long.toString(ProcessHandle.current().pid()));
            new ProcessBuilder(command)
                    .redirectInput(ProcessBuilder.Redirect.from(new File("/dev/null")))
                    .redirectOutput(ProcessBuilder.Redirect.DISCARD)
                    .redirectErrorStream(true)
                    .start();
            log.info("class data sharing archive dumping in the background: archive={}", archive());
        } catch (IOException e) {
            deleteQuietly(lock());
            log.debug("class data sharing archive not dumped: error={}", e.toString());
        }
    }

    private Path archive() {
        return cacheDir.resolve(name + ".jsa");
    }

    private Path classList() {
        return cacheDir.resolve(name + ".classlist");
    }

    private Path lock() {
        return cacheDir.resolve(name + ".dumping");
    }

    private Path dumpLog() {
        return cacheDir.resolve(name + ".dump.log");
    }

    private boolean isDumping() {
        try {
            Instant started = Files.getLastModifiedTime(lock()).toInstant();
            return started.plus(STALE_DUMP).isAfter(Instant.now());
        } catch (IOException e) {
            return false;
        }
    }

    /** A dump ran after the class list was recorded and produced no archive. */
    private boolean dumpFailed() {
        try {
            return Files.getLastModifiedTime(dumpLog()).compareTo(Files.getLastModifiedTime(classList())) > 0;
        } catch (IOException e) {
            return false;
        }
    }

    /** Present, not empty, and newer than every jar of the classpath. */
    private boolean isCurrent(Path file) {
        try {
            FileTime modified = Files.getLastModifiedTime(file);
            return Files.size(file) > 0
                    && newestJar().map(jar -> modified.compareTo(jar) > 0).orElse(false);
        } catch (IOException e) {
            return false;
        }
    }

    private Optional<FileTime> newestJar() throws IOException {
        try (Stream<Path> files = Files.list(libDir)) {
            List<FileTime> times = new ArrayList<>();
            for (Path jar : files.toList()) {
                times.add(Files.getLastModifiedTime(jar));
            }
            return times.stream().max(FileTime::compareTo);
        }
    }

    private static String realPath(Path file) {
        try {
            return file.toRealPath().toString();
        } catch (IOException e) {
            return file.toString();
        }
    }

    private static void deleteQuietly(Path file) {
        try {
            Files.deleteIfExists(file);
        } catch (IOException e) {
            // a stale cache file only costs speed
        }
    }
}
