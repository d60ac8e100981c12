package io.chorus.infra;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/** Finds the Chorus repository root, where {@code local-infra/} and {@code .chorus/} live. */
public final class RepositoryRoot {

    /** System property naming the root; Maven's failsafe and the {@code chorus} script pass it. */
    public static final String PROPERTY = "chorus.root";

    public static final String ENVIRONMENT = "CHORUS_ROOT";

    private RepositoryRoot() {}

    /** {@value #PROPERTY}, else {@value #ENVIRONMENT}, else the nearest ancestor of the working directory. */
    public static Path resolve() {
        return Optional.ofNullable(System.getProperty(PROPERTY))
                .or(() -> Optional.ofNullable(System.getenv(ENVIRONMENT)))
                .filter(value -> !value.isBlank())
                .map(Path::of)
                .filter(RepositoryRoot::isRoot)
                .or(() -> ancestorOf(Path.of(System.getProperty("user.dir"))))
                .map(path -> path.toAbsolutePath().normalize())
                .orElseThrow(() -> new IllegalStateException("cannot find the Chorus repository root: set -D" + PROPERTY
                        + "=<dir> or " + ENVIRONMENT + ", or run from inside the repository"));
    }

    static Optional<Path> ancestorOf(Path start) {
        for (Path dir = start.toAbsolutePath(); dir != null; dir = dir.getParent()) {
            if (isRoot(dir)) {
                return Optional.of(dir);
            }
        }
        return Optional.empty();
    }

    private static boolean isRoot(Path dir) {
        return Files.isRegularFile(dir.resolve("local-infra/kafka-server/pom.xml"));
    }
}
