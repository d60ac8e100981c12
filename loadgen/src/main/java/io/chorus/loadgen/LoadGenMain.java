package io.chorus.loadgen;

import io.chorus.loadgen.churn.ChurnScenario;
import io.chorus.loadgen.cli.Args;
import io.chorus.loadgen.fanout.FanoutScenario;
import io.chorus.loadgen.idle.IdleScenario;
import io.chorus.loadgen.report.ResultPrinter;
import io.chorus.loadgen.report.ScenarioResult;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;

/**
 * {@code java -jar chorus-loadgen.jar <idle|fanout|churn> [--option value ...]}: runs one scenario against
 * this machine, prints its result and exits. See loadgen/README.md.
 */
public final class LoadGenMain {

    private static final String USAGE =
            """
            usage: java -jar chorus-loadgen.jar <scenario> [--option value ...]

              idle    --url ws://127.0.0.1:8081/ws --connections 50000 --sources 127.0.0.1-4
                      --ramp-per-sec 5000 --hold 60s [--room R] [--server-pid PID]
              fanout  --url ... --room R --viewers 10000 --mode direct|route|chat
                      --redis redis://127.0.0.1:6379 --start-rate 1000 --step 1000 --step-duration 10s
                      --max-p99 2s --max-loss 0.01 [--batch-size 50] [--prio low|high]
              churn   --url ... --rooms 100 --joins-per-sec 20000 --duration 60s [--warmup 60s] [--connections 2000]

            common: --jwt-secret S (else CHORUS_JWT_SECRET, else the dev secret) --event-loops 1 [--busy-poll]
                    --compression --heartbeat 30s --connect-timeout 15s --request-timeout 10s
                    --max-pending 2000 --out results.jsonl
            """;

    private LoadGenMain() {}

    public static void main(String[] argv) {
        if (argv.length == 0 || argv[0].equals("--help") || argv[0].equals("-h")) {
            System.out.println(USAGE);
            return;
        }
        try {
            Args args = Args.parse(Arrays.asList(argv).subList(1, argv.length));
            Scenario scenario = scenario(argv[0], args);
            String out = args.string("out", null);
            args.requireAllRead();
            ScenarioResult result = scenario.run();
            new ResultPrinter(System.out, out == null ? null : Path.of(out)).print(result);
            System.exit(0);
        } catch (IllegalArgumentException ex) {
            System.err.println("loadgen: " + ex.getMessage());
            System.err.println(USAGE);
            System.exit(2);
        }
    }

    static Scenario scenario(String name, Args args) {
        return switch (name) {
            case "idle" -> IdleScenario.from(args);
            case "fanout" -> FanoutScenario.from(args);
            case "churn" -> ChurnScenario.from(args);
            default ->
                throw new IllegalArgumentException(
                        "unknown scenario: " + name + "; one of " + List.of("idle", "fanout", "churn"));
        };
    }
}
