package io.chorus.loadgen;

import io.chorus.loadgen.report.ScenarioResult;

/** A load scenario: runs on the calling (main) thread and stops by itself. */
public interface Scenario {

    ScenarioResult run();
}
