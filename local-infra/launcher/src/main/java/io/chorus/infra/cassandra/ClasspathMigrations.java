package io.chorus.infra.cassandra;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.JarURLConnection;
import java.net.URISyntaxException;
import java.net.URL;
import java.net.URLConnection;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import java.util.stream.Stream;

/**
 * Finds the {@code .cql} migrations in one classpath directory across every classpath root (directories and jars,
 * including Spring Boot's nested jars), so a module can contribute migrations next to the launcher's own.
 */
public final class ClasspathMigrations {

    /** Where migrations live on the classpath. */
    public static final String LOCATION = "db/cassandra";

    private ClasspathMigrations() {}

    /** The migrations under {@value #LOCATION}, seen through the thread's context class loader. */
    public static List<Migration> load() {
        ClassLoader loader = Thread.currentThread().getContextClassLoader();
        return load(loader != null ? loader : ClasspathMigrations.class.getClassLoader(), LOCATION);
    }

    public static List<Migration> load(ClassLoader loader, String location) {
        List<Migration> migrations = new ArrayList<>();
        try {
            for (URL root : Collections.list(loader.getResources(location))) {
                migrations.addAll(loadFrom(root));
            }
        } catch (IOException e) {
            throw new UncheckedIOException("could not list " + location + " on the classpath", e);
        }
        return migrations;
    }

    private static List<Migration> loadFrom(URL root) throws IOException {
        if ("file".equals(root.getProtocol())) {
            return fromDirectory(toPath(root));
        }
        URLConnection connection = root.openConnection();
        if (connection instanceof JarURLConnection jar) {
            connection.setUseCaches(false);
            return fromJar(jar, root);
        }
        throw new MigrationException("cannot list migrations at " + root + " (neither a directory nor a jar)");
    }

    private static List<Migration> fromDirectory(Path directory) throws IOException {
        try (Stream<Path> files = Files.list(directory)) {
            List<Migration> migrations = new ArrayList<>();
            for (Path file : files.filter(f -> f.getFileName().toString().endsWith(".cql"))
                    .toList()) {
                String script = Files.readString(file, StandardCharsets.UTF_8);
                migrations.add(Migration.of(file.getFileName().toString(), script, file.toString()));
            }
            return migrations;
        }
    }

    private static List<Migration> fromJar(JarURLConnection connection, URL root) throws IOException {
        String prefix = connection.getEntryName() + "/";
        List<Migration> migrations = new ArrayList<>();
        try (JarFile jar = connection.getJarFile()) {
            for (JarEntry entry : Collections.list(jar.entries())) {
                String name = entry.getName();
                String fileName = name.substring(Math.min(prefix.length(), name.length()));
                if (!name.startsWith(prefix) || fileName.contains("/") || !fileName.endsWith(".cql")) {
                    continue;
                }
                try (InputStream in = jar.getInputStream(entry)) {
                    String script = new String(in.readAllBytes(), StandardCharsets.UTF_8);
                    migrations.add(Migration.of(fileName, script, root + "/" + fileName));
                }
            }
        }
        return migrations;
    }

    private static Path toPath(URL url) {
        try {
            return Path.of(url.toURI());
        } catch (URISyntaxException e) {
            throw new MigrationException("bad classpath URL " + url, e);
        }
    }
}
