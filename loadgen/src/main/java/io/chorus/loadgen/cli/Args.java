package io.chorus.loadgen.cli;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * Command-line options {@code --name value} (or {@code --name=value}; {@code --flag} alone means {@code
 * true}). Every option must be read or the run is refused: a typo must not silently fall back to a
 * default.
 */
public final class Args {

    private final Map<String, String> values;
    private final Set<String> read = new TreeSet<>();

    private Args(Map<String, String> values) {
        this.values = values;
    }

    public static Args parse(List<String> arguments) {
        Map<String, String> values = new LinkedHashMap<>();
        for (int i = 0; i < arguments.size(); i++) {
            String argument = arguments.get(i);
            if (!argument.startsWith("--") || argument.length() == 2) {
                throw new IllegalArgumentException("expected --option, got: " + argument);
            }
            String name = argument.substring(2);
            int equals = name.indexOf('=');
            if (equals > 0) {
                values.put(name.substring(0, equals), name.substring(equals + 1));
            } else if (i + 1 < arguments.size() && !arguments.get(i + 1).startsWith("--")) {
                values.put(name, arguments.get(++i));
            } else {
                values.put(name, "true");
            }
        }
        return new Args(values);
    }

    public String string(String name, String defaultValue) {
        read.add(name);
        return values.getOrDefault(name, defaultValue);
    }

    /** An option without default; missing is an error. */
    public String required(String name) {
        read.add(name);
        String value = values.get(name);
        if (value == null) {
            throw new IllegalArgumentException("missing --" + name);
        }
        return value;
    }

    public int integer(String name, int defaultValue) {
        String value = string(name, null);
        return value == null ? defaultValue : parse(name, value, Integer::parseInt);
    }

    public double decimal(String name, double defaultValue) {
        String value = string(name, null);
        return value == null ? defaultValue : parse(name, value, Double::parseDouble);
    }

    public boolean flag(String name, boolean defaultValue) {
        String value = string(name, null);
        return value == null ? defaultValue : Boolean.parseBoolean(value);
    }

    public Duration duration(String name, Duration defaultValue) {
        String value = string(name, null);
        return value == null ? defaultValue : parse(name, value, Args::toDuration);
    }

    /** Comma-separated values. */
    public List<String> list(String name, String defaultValue) {
        List<String> items = new ArrayList<>();
        for (String item : string(name, defaultValue).split(",")) {
            if (!item.isBlank()) {
                items.add(item.trim());
            }
        }
        return items;
    }

    /** Fails on options given but never read. */
    public void requireAllRead() {
        Set<String> unknown = new TreeSet<>(values.keySet());
        unknown.removeAll(read);
        if (!unknown.isEmpty()) {
            throw new IllegalArgumentException("unknown options: " + unknown + "; known: " + read);
        }
    }

    /** {@code 60s}, {@code 500ms}, {@code 2m}, {@code 1h}; a bare number is seconds. */
    static Duration toDuration(String text) {
        String value = text.trim().toLowerCase();
        if (value.endsWith("ms")) {
            return Duration.ofMillis(Long.parseLong(value.substring(0, value.length() - 2)));
        }
        char unit = value.charAt(value.length() - 1);
        if (Character.isDigit(unit)) {
            return Duration.ofMillis(Math.round(Double.parseDouble(value) * 1000));
        }
        double amount = Double.parseDouble(value.substring(0, value.length() - 1));
        return switch (unit) {
            case 's' -> Duration.ofMillis(Math.round(amount * 1000));
            case 'm' -> Duration.ofMillis(Math.round(amount * 60_000));
            case 'h' -> Duration.ofMillis(Math.round(amount * 3_600_000));
            default -> throw new IllegalArgumentException("unknown unit: " + text);
        };
    }

    private static <T> T parse(String name, String value, Parser<T> parser) {
        try {
            return parser.parse(value);
        } catch (RuntimeException ex) {
            throw new IllegalArgumentException("bad value for --" + name + ": " + value, ex);
        }
    }

    @FunctionalInterface
    private interface Parser<T> {
        T parse(String value);
    }
}
