package io.chorus.loadgen.report;

import java.util.ArrayList;
import java.util.List;

/** Markdown table lines. */
public final class Markdown {

    private Markdown() {}

    public static List<String> table(List<String> header, List<List<Object>> rows) {
        List<String> lines = new ArrayList<>();
        lines.add(row(new ArrayList<>(header)));
        lines.add("|" + "---|".repeat(header.size()));
        for (List<Object> row : rows) {
            lines.add(row(row));
        }
        return lines;
    }

    static String row(List<?> cells) {
        StringBuilder line = new StringBuilder("|");
        for (Object cell : cells) {
            line.append(' ').append(String.valueOf(cell).replace("|", "\\|")).append(" |");
        }
        return line.toString();
    }
}
