package io.chorus.infra.process;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.Optional;
import java.util.stream.Stream;

/** Finds the Java executables the forked servers run on. */
public final class JavaRuntime {

    /** Overrides where the Java 17 runtime for Cassandra lives (a JDK or JRE home). */
    public static final String JAVA17_HOME_ENV = "CHORUS_JAVA17_HOME";

    private static final Path JVM_DIR = Path.of("/usr/lib/jvm");

    private JavaRuntime() {}

    /** The java executable of this JVM. */
    public static Path current() {
        return Path.of(System.getProperty("java.home"), "bin", "java");
    }

    /**
     * A Java 17 executable: {@value #JAVA17_HOME_ENV} if set, this JVM when it is a 17, else the first
     * {@code /usr/lib/jvm/*17*} that has one. Cassandra 5 needs it: on 21+ its security manager is gone.
     */
    public static Path java17() {
        String override = System.getenv(JAVA17_HOME_ENV);
        if (override != null && !override.isBlank()) {
            return executableIn(Path.of(override))
                    .orElseThrow(() -> new ServerStartupException(
                            JAVA17_HOME_ENV + "=" + override + " holds no bin/java executable"));
        }
        if (Runtime.version().feature() == 17) {
            return current();
        }
        return installedJava17()
                .orElseThrow(() -> new ServerStartupException("Cassandra 5 needs a Java 17 runtime and none was found"
                        + " (this JVM is " + Runtime.version() + "). Install one: apt-get install -y"
                        + " openjdk-17-jdk-headless, or point " + JAVA17_HOME_ENV + " at a Java 17 home."));
    }

    private static Optional<Path> installedJava17() {
        if (!Files.isDirectory(JVM_DIR)) {
            return Optional.empty();
        }
        try (Stream<Path> homes = Files.list(JVM_DIR)) {
            return homes.filter(home -> home.getFileName().toString().contains("17"))
                    .sorted(Comparator.comparing(Path::toString))
                    .map(JavaRuntime::executableIn)
                    .flatMap(Optional::stream)
                    .findFirst();
        } catch (IOException e) {
            return Optional.empty();
        }
    }

    private static Optional<Path> executableIn(Path home) {
        Path java = home.resolve("bin").resolve("java");
        return Files.isExecutable(java) ? Optional.of(java.toAbsolutePath()) : Optional.empty();
    }
}
