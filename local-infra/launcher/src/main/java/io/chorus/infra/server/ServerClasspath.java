package io.chorus.infra.server;

import io.chorus.infra.process.ClassDataSharing;
import io.chorus.infra.process.ServerStartupException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;

/**
 * A forked server's classpath: the jars that {@code local-infra/<module>} copies into {@code target/lib} when it is
 * packaged. Kept out of every application classpath on purpose.
 */
public record ServerClasspath(String server, Path libDir) {

    public static final String BUILD_COMMAND =
            "./mvnw -q -pl local-infra/kafka-server,local-infra/cassandra-server package";

    /** The classpath of {@code local-infra/<module>} in the repository at {@code root}. */
    public static ServerClasspath of(Path root, String server, String module) {
        return new ServerClasspath(
                server, root.resolve("local-infra").resolve(module).resolve("target/lib"));
    }

    /** The {@code -cp} argument; fails with the build command to run when the jars are missing. */
    public String asArgument() {
        if (!hasJars()) {
            throw new ServerStartupException("the " + server + " server classpath is missing or empty: " + libDir
                    + ". Build it from the repository root: " + BUILD_COMMAND + " (./chorus test and ./chorus up"
                    + " do it for you).");
        }
        return libDir.toAbsolutePath() + "/*";
    }

    /** Class data sharing for a server run from this classpath on {@code java}; cached in {@code target/cds}. */
    public ClassDataSharing classDataSharing(Path java) {
        return new ClassDataSharing(libDir.resolveSibling("cds"), server, java, libDir);
    }

    private boolean hasJars() {
        if (!Files.isDirectory(libDir)) {
            return false;
        }
        try (Stream<Path> files = Files.list(libDir)) {
            return files.anyMatch(file -> file.getFileName().toString().endsWith(".jar"));
        } catch (IOException e) {
            return false;
        }
    }
}
