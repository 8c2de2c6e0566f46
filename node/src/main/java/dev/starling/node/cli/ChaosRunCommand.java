package dev.starling.node.cli;

import dev.starling.chaos.host.Availability;
import dev.starling.chaos.host.ProcessCommandRunner;
import dev.starling.chaos.netem.NetemProbe;
import dev.starling.chaos.pumba.PumbaBackend;
import dev.starling.chaos.pumba.PumbaEnvironment;
import dev.starling.chaos.pumba.PumbaOptions;
import dev.starling.chaos.pumba.PumbaPlan;
import dev.starling.chaos.pumba.TimedCommand;
import dev.starling.chaos.report.ScenarioResult;
import dev.starling.chaos.run.ChaosBackend;
import dev.starling.chaos.run.ChaosSession;
import dev.starling.chaos.scenario.Scenario;
import dev.starling.chaos.scenario.ScenarioException;
import dev.starling.chaos.scenario.ScenarioParser;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code starling chaos run FILE... [--backend fabric|netem|pumba] [--out DIR]}. */
@Command(name = "run", description = "Run scenario files end to end and write JSON, CSV, an HTML report and charts.")
final class ChaosRunCommand implements Callable<Integer> {
    @Parameters(arity = "1..*", paramLabel = "FILE", description = "Scenario files (see chaos/README.md).")
    List<Path> files;

    @Option(
            names = "--backend",
            defaultValue = "fabric",
            paramLabel = "BACKEND",
            description = "fabric (userspace impairment switch, root; default), netem (tc netem, needs sch_netem), "
                    + "or pumba (Docker Compose + pumba commands).")
    String backend;

    @Option(names = "--out", paramLabel = "DIR", description = "Result directory (default: chaos-results/<time>).")
    Path out;

    @Override
    public Integer call() throws IOException, InterruptedException {
        if (!List.of("fabric", "netem", "pumba").contains(backend)) {
            System.err.println("error: --backend must be fabric, netem or pumba, not " + backend);
            return ExitCodes.USAGE;
        }
        List<Scenario> scenarios = new ArrayList<>();
        for (Path file : files) {
            try {
                scenarios.add(new ScenarioParser().parse(file));
            } catch (ScenarioException e) {
                System.err.println(e.getMessage());
                return ExitCodes.USAGE;
            }
        }
        Path dir = out != null ? out : defaultOut();
        ProcessCommandRunner runner = new ProcessCommandRunner();
        if (backend.equals("pumba")) return pumba(runner, scenarios, dir);
        ChaosBackend chosen = Backends.named(backend, runner);
        if (Backends.refuses(chosen)) return ExitCodes.FAILURE;
        List<ChaosSession.Item> items = scenarios.stream()
                .map(s -> new ChaosSession.Item(s, s.description().isEmpty() ? s.name() : s.description(), s.name()))
                .toList();
        List<ScenarioResult> results = new ChaosSession(runner, chosen, System.err)
                .run(
                        items,
                        dir,
                        "Starling chaos run",
                        "starling chaos run "
                                + String.join(
                                        " ", files.stream().map(Path::toString).toList()));
        results.forEach(r -> System.out.println(r.scenario() + "\t" + r.status() + "\tp50 " + r.p50Ms() + " ms\t"
                + dir.resolve(r.scenario() + ".json")));
        return results.stream().allMatch(ScenarioResult::ok) ? ExitCodes.OK : ExitCodes.FAILURE;
    }

    static Path defaultOut() {
        return Path.of("chaos-results", LocalDateTime.now().format(DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss")));
    }

    private static int pumba(ProcessCommandRunner runner, List<Scenario> scenarios, Path dir) throws IOException {
        PumbaBackend backend = new PumbaBackend(PumbaOptions.defaults());
        List<String> blockers = new ArrayList<>();
        Availability pumba = new PumbaEnvironment(runner).check();
        if (!pumba.available()) blockers.add(pumba.reason());
        Availability netem = new NetemProbe(runner).check();
        if (!netem.available()) blockers.add(netem.reason());
        int status = ExitCodes.OK;
        for (Scenario scenario : scenarios) {
            Path project = dir.resolve(scenario.name());
            backend.project(scenario).writeTo(project);
            PumbaPlan plan = backend.plan(scenario);
            System.out.println(scenario.name() + ": wrote " + project.resolve("docker-compose.yml")
                    + ", Dockerfile and run-chaos.sh");
            for (TimedCommand command : plan.commands())
                System.out.println("  at " + command.at() + ": " + command.shell());
            plan.unsupported().forEach(u -> System.out.println("  NOT RUN: " + u));
            plan.warnings().forEach(w -> System.out.println("  warning: " + w));
            if (!blockers.isEmpty()) {
                System.out.println("  cannot run here: " + String.join("; ", blockers));
                System.out.println("  run it where Docker and Pumba exist: (cd " + project + " && ./run-chaos.sh)");
                status = ExitCodes.FAILURE;
                continue;
            }
            Duration limit = scenario.duration().plus(Duration.ofMinutes(5));
            var result =
                    runner.run(List.of("bash", "-c", "cd '" + project.toAbsolutePath() + "' && ./run-chaos.sh"), limit);
            System.out.println(result.output());
            if (!result.ok()) status = ExitCodes.FAILURE;
        }
        return status;
    }
}
