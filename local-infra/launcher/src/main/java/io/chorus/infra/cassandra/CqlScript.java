package io.chorus.infra.cassandra;

import java.util.ArrayList;
import java.util.List;

/**
 * Splits a CQL script into statements at semicolons, skipping {@code --}, {@code //} and {@code /* *}{@code /}
 * comments and leaving semicolons inside quoted strings alone.
 */
public final class CqlScript {

    private CqlScript() {}

    public static List<String> statements(String script) {
        List<String> statements = new ArrayList<>();
        StringBuilder current = new StringBuilder();
        int i = 0;
        int length = script.length();
        while (i < length) {
            char c = script.charAt(i);
            if (startsWith(script, i, "--") || startsWith(script, i, "//")) {
                i = endOfLine(script, i);
            } else if (startsWith(script, i, "/*")) {
                int end = script.indexOf("*/", i + 2);
                i = end < 0 ? length : end + 2;
                current.append(' ');
            } else if (c == '\'' || c == '"') {
                int end = endOfQuoted(script, i, c);
                current.append(script, i, end);
                i = end;
            } else if (c == ';') {
                add(statements, current);
                current.setLength(0);
                i++;
            } else {
                current.append(c);
                i++;
            }
        }
        add(statements, current);
        return statements;
    }

    private static boolean startsWith(String script, int index, String prefix) {
        return script.startsWith(prefix, index);
    }

    private static int endOfLine(String script, int index) {
        int end = script.indexOf('\n', index);
        return end < 0 ? script.length() : end;
    }

    /** Index just past the closing quote; a doubled quote inside is an escaped quote. */
    private static int endOfQuoted(String script, int start, char quote) {
        int i = start + 1;
        while (i < script.length()) {
            if (script.charAt(i) == quote) {
                if (i + 1 < script.length() && script.charAt(i + 1) == quote) {
                    i += 2;
                    continue;
                }
                return i + 1;
            }
            i++;
        }
        return script.length();
    }

    private static void add(List<String> statements, StringBuilder statement) {
        String text = statement.toString().strip();
        if (!text.isEmpty()) {
            statements.add(text);
        }
    }
}
