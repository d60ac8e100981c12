package io.chorus.loadgen.report;

import static org.assertj.core.api.Assertions.assertThat;

import io.chorus.client.FrameCodec;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;

class ResultPrinterTests {

    private final ScenarioResult result = new ScenarioResult(
            "idle",
            Map.of("connections", 100),
            Map.of("connected", 99, "failed", 1),
            Markdown.table(List.of("scenario", "connected"), List.of(List.of("idle", 99))),
            List.of("read the RSS"));

    @Test
    void printsAJsonLineAndMarkdownAndAppendsTheLine(@TempDir Path dir) throws Exception {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        Path file = dir.resolve("results.jsonl");

        new ResultPrinter(new PrintStream(bytes, true, StandardCharsets.UTF_8), file).print(result);
        new ResultPrinter(new PrintStream(new ByteArrayOutputStream(), true, StandardCharsets.UTF_8), file)
                .print(result);

        String out = bytes.toString(StandardCharsets.UTF_8);
        String line =
                out.lines().filter(l -> l.startsWith("RESULT ")).findFirst().orElseThrow();
        JsonNode json = FrameCodec.shared().mapper().readTree(line.substring(7));
        assertThat(json.path("scenario").asString()).isEqualTo("idle");
        assertThat(json.path("results").path("connected").asInt()).isEqualTo(99);
        assertThat(json.path("params").path("connections").asInt()).isEqualTo(100);
        assertThat(out).contains("| scenario | connected |", "|---|---|", "| idle | 99 |", "read the RSS");
        assertThat(Files.readAllLines(file)).hasSize(2);
    }

    @Test
    void markdownEscapesPipes() {
        assertThat(Markdown.row(List.of("a|b", 1))).isEqualTo("| a\\|b | 1 |");
    }
}
