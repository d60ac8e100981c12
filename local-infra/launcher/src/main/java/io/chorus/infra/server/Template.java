package io.chorus.infra.server;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** A server configuration file template on the classpath, with {@code ${name}} placeholders. */
final class Template {

    private static final Pattern PLACEHOLDER = Pattern.compile("\\$\\{([a-zA-Z0-9_.]+)}");

    private static final String BASE = "io/chorus/infra/templates/";

    private Template() {}

    /** Renders a template into a file, replacing every placeholder; an unknown placeholder is an error. */
    static void render(String template, Map<String, ?> values, Path target) {
        String rendered = render(read(template), values, template);
        try {
            Files.createDirectories(target.getParent());
            Files.writeString(target, rendered, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("could not write " + target, e);
        }
    }

    static String render(String text, Map<String, ?> values, String templateName) {
        Matcher matcher = PLACEHOLDER.matcher(text);
        StringBuilder out = new StringBuilder();
        while (matcher.find()) {
            Object value = values.get(matcher.group(1));
            if (value == null) {
                throw new IllegalArgumentException(
                        "template " + templateName + " has no value for ${" + matcher.group(1) + "}");
            }
            matcher.appendReplacement(out, Matcher.quoteReplacement(value.toString()));
        }
        matcher.appendTail(out);
        return out.toString();
    }

    private static String read(String template) {
        try (InputStream in = Template.class.getClassLoader().getResourceAsStream(BASE + template)) {
            if (in == null) {
                throw new IllegalStateException("template missing from the classpath: " + BASE + template);
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("could not read template " + template, e);
        }
    }
}
