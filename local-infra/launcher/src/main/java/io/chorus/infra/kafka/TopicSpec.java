package io.chorus.infra.kafka;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/** A topic Chorus needs: name and partition count. */
public record TopicSpec(String name, int partitions) {

    /** The resource listing Chorus' topics, one {@code name partitions} per line, {@code #} comments. */
    public static final String RESOURCE = "kafka/topics.txt";

    public TopicSpec {
        if (name == null || name.isBlank()) {
            throw new IllegalArgumentException("topic name is blank");
        }
        if (partitions < 1) {
            throw new IllegalArgumentException("topic " + name + " needs at least one partition: " + partitions);
        }
    }

    /** The topics of {@value #RESOURCE} on this library's classpath. */
    public static List<TopicSpec> fromClasspath() {
        try (InputStream in = TopicSpec.class.getClassLoader().getResourceAsStream(RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException(RESOURCE + " is missing from the classpath");
            }
            return parse(new String(in.readAllBytes(), StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException("could not read " + RESOURCE, e);
        }
    }

    static List<TopicSpec> parse(String text) {
        List<TopicSpec> topics = new ArrayList<>();
        String[] lines = text.split("\\R");
        for (int i = 0; i < lines.length; i++) {
            String line = lines[i].strip();
            if (line.isEmpty() || line.startsWith("#")) {
                continue;
            }
            String[] fields = line.split("\\s+");
            if (fields.length != 2 || !fields[1].matches("\\d+")) {
                throw new IllegalArgumentException(
                        RESOURCE + " line " + (i + 1) + ": expected '<name> <partitions>', got '" + line + "'");
            }
            topics.add(new TopicSpec(fields[0], Integer.parseInt(fields[1])));
        }
        return topics;
    }
}
