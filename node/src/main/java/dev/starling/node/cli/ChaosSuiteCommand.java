package dev.starling.node.cli;

import dev.starling.chaos.host.ProcessCommandRunner;
import dev.starling.chaos.report.ScenarioResult;
import dev.starling.chaos.run.ChaosBackend;
import dev.starling.chaos.run.ChaosSession;
import dev.starling.chaos.run.SuitePlan;
import dev.starling.chaos.scenario.Scenario;
import dev.starling.chaos.scenario.ScenarioParser;
import dev.starling.chaos.scenario.Suite;
import dev.starling.chaos.scenario.SuiteLoader;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code starling chaos suite latency [--short] [--only A,B] [--seconds S] [--out DIR]}. */
@Command(
        name = "suite",
        description = "Run a built-in suite (root): latency = 2 clients through 0-5 mixers "
                + "under clean, delay, jitter, loss and rate profiles, plus mixer-kill and partition-heal.")
final class ChaosSuiteCommand implements Callable<Integer> {
    @Parameters(index = "0", paramLabel = "SUITE", description = "latency")
    String suite;

    @Option(names = "--short", description = "A short subset: clean-1-mixers and delay-50ms-1-mixers, 10 s each.")
    boolean shortRun;

    @Option(
            names = "--only",
            split = ",",
            paramLabel = "NAME",
            description = "Run only these scenarios (e.g. clean-0-mixers,mixer-kill).")
    List<String> only;

    @Option(names = "--seconds", paramLabel = "S", description = "Shorten every scenario to S seconds.")
    Integer seconds;

    @Option(names = "--list", description = "List the suite's scenarios and exit.")
    boolean list;

    @Option(
            names = "--backend",
            defaultValue = "fabric",
            paramLabel = "BACKEND",
            description = "fabric (userspace impairment switch; default) or netem (tc netem, needs sch_netem).")
    String backend;

    @Option(names = "--out", paramLabel = "DIR", description = "Result directory (default: chaos-results/<time>).")
    Path out;

    @Override
    public Integer call() throws Exception {
        if (!suite.equals("latency")) {
            System.err.println("error: unknown suite " + suite + "; built in: latency");
            return ExitCodes.USAGE;
        }
        if (seconds != null && (seconds < 1 || seconds > 3600)) {
            System.err.println("error: --seconds must be 1-3600");
            return ExitCodes.USAGE;
        }
        Suite s = new SuiteLoader(new ScenarioParser()).latency();
        List<Scenario> chosen;
        try {
            chosen = SuitePlan.select(s, shortRun, only == null ? Set.of() : new LinkedHashSet<>(only), seconds);
        } catch (IllegalArgumentException e) {
            System.err.println("error: " + e.getMessage());
            return ExitCodes.USAGE;
        }
        if (list) {
            for (Scenario sc : chosen) {
                System.out.println(sc.name() + "\t" + s.labels().getOrDefault(sc.name(), "") + "\t"
                        + sc.nodes().size() + " nodes\t" + sc.duration().toSeconds() + " s");
            }
            return ExitCodes.OK;
        }
        ProcessCommandRunner runner = new ProcessCommandRunner();
        ChaosBackend chosenBackend = Backends.named(backend, runner);
        if (chosenBackend == null) {
            System.err.println("error: --backend must be fabric or netem, not " + backend);
            return ExitCodes.USAGE;
        }
        if (Backends.refuses(chosenBackend)) return ExitCodes.FAILURE;
        Path dir = out != null ? out : ChaosRunCommand.defaultOut();
        List<ChaosSession.Item> items = new ArrayList<>();
        for (Scenario sc : chosen)
            items.add(new ChaosSession.Item(sc, s.labels().getOrDefault(sc.name(), sc.name()), SuitePlan.profile(sc)));
        String command = "starling chaos suite latency" + (shortRun ? " --short" : "")
                + (backend.equals("fabric") ? "" : " --backend " + backend)
                + (only != null ? " --only " + String.join(",", only) : "")
                + (seconds != null ? " --seconds " + seconds : "");
        List<ScenarioResult> results =
                new ChaosSession(runner, chosenBackend, System.err).run(items, dir, "Starling latency suite", command);
        System.out.println("results in " + dir.toAbsolutePath());
        return results.stream().allMatch(ScenarioResult::ok) ? ExitCodes.OK : ExitCodes.FAILURE;
    }
}
