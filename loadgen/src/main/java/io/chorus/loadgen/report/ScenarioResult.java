package io.chorus.loadgen.report;

import java.util.List;
import java.util.Map;

/**
 * The outcome of a scenario run, printed as a summary, a JSON line and markdown for docs/benchmarks.md.
 *
 * @param scenario the scenario name
 * @param params what was asked (the parameters that matter to compare runs)
 * @param results what was measured
 * @param markdown markdown lines (a table) ready to paste
 * @param notes human instructions printed after the result (e.g. how to read the server's RSS)
 */
public record ScenarioResult(
        String scenario,
        Map<String, Object> params,
        Map<String, Object> results,
        List<String> markdown,
        List<String> notes) {}
