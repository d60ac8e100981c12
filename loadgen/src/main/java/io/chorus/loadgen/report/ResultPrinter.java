package io.chorus.loadgen.report;

import io.chorus.client.FrameCodec;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

/** Prints a {@link ScenarioResult}: a JSON line (also appended to a file when asked) and markdown. */
public final class ResultPrinter {

    private final PrintStream out;
    private final Path jsonFile;

    public ResultPrinter(PrintStream out, Path jsonFile) {
        this.out = out;
        this.jsonFile = jsonFile;
    }

    public void print(ScenarioResult result) {
        String json = json(result);
        out.println();
        out.println("=== " + result.scenario() + " result ===");
        result.results().forEach((name, value) -> out.println("  " + name + ": " + value));
        out.println();
        out.println("RESULT " + json);
        out.println();
        out.println("Markdown (for docs/benchmarks.md):");
        result.markdown().forEach(out::println);
        if (!result.notes().isEmpty()) {
            out.println();
            result.notes().forEach(out::println);
        }
        if (jsonFile != null) {
            append(json);
        }
    }

    static String json(ScenarioResult result) {
        Map<String, Object> line = new LinkedHashMap<>();
        line.put("scenario", result.scenario());
        line.put("at", Instant.now().toString());
        line.put("params", result.params());
        line.put("results", result.results());
        return FrameCodec.shared().mapper().writeValueAsString(line);
    }

    private void append(String json) {
        try {
            Files.writeString(
                    jsonFile,
                    json + System.lineSeparator(),
                    StandardCharsets.UTF_8,
                    StandardOpenOption.CREATE,
                    StandardOpenOption.APPEND);
            out.println("Appended the JSON line to " + jsonFile);
        } catch (IOException ex) {
            out.println("Could not append to " + jsonFile + ": " + ex.getMessage());
        }
    }
}
