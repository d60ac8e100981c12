package io.chorus.infra.cassandra;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.OutputStream;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ClasspathMigrationsTests {

    @TempDir
    Path temp;

    @Test
    void findsTheLaunchersOwnFirstMigration() {
        List<Migration> migrations =
                ClasspathMigrations.load(getClass().getClassLoader(), ClasspathMigrations.LOCATION);

        assertThat(migrations).extracting(Migration::version).contains(1);
        Migration first =
                migrations.stream().filter(m -> m.version() == 1).findFirst().orElseThrow();
        assertThat(first.script()).contains("CREATE KEYSPACE IF NOT EXISTS chorus", "gifts_by_room");
    }

    @Test
    void collectsMigrationsFromDirectoriesAndJarsAlike() throws IOException {
        Path directory = temp.resolve("classes");
        Files.createDirectories(directory.resolve("db/cassandra"));
        Files.writeString(directory.resolve("db/cassandra/V0002__from_directory.cql"), "SELECT 2;");
        Files.writeString(directory.resolve("db/cassandra/README.md"), "not a migration");
        Path jar = temp.resolve("module.jar");
        writeJar(jar, "db/cassandra/V0003__from_jar.cql", "SELECT 3;");

        try (URLClassLoader loader = new URLClassLoader(
                new URL[] {directory.toUri().toURL(), jar.toUri().toURL()}, null)) {
            assertThat(ClasspathMigrations.load(loader, ClasspathMigrations.LOCATION))
                    .extracting(Migration::version, Migration::description)
                    .containsExactlyInAnyOrder(
                            org.assertj.core.groups.Tuple.tuple(2, "from_directory"),
                            org.assertj.core.groups.Tuple.tuple(3, "from_jar"));
        }
    }

    private static void writeJar(Path jar, String entry, String content) throws IOException {
        try (OutputStream file = Files.newOutputStream(jar);
                JarOutputStream out = new JarOutputStream(file)) {
            out.putNextEntry(new JarEntry("db/"));
            out.closeEntry();
            out.putNextEntry(new JarEntry("db/cassandra/"));
            out.closeEntry();
            out.putNextEntry(new JarEntry(entry));
            out.write(content.getBytes(StandardCharsets.UTF_8));
            out.closeEntry();
        }
    }
}
