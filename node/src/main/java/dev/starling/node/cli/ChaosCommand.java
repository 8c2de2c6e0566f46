package dev.starling.node.cli;

import dev.starling.chaos.fabric.SelfTest;
import dev.starling.chaos.host.Availability;
import dev.starling.chaos.host.ProcessCommandRunner;
import dev.starling.chaos.lab.PeerProfile;
import dev.starling.chaos.lab.PeerProfiles;
import dev.starling.chaos.netem.NetemProbe;
import dev.starling.chaos.pumba.ComposeProject;
import dev.starling.chaos.pumba.PumbaBackend;
import dev.starling.chaos.pumba.PumbaEnvironment;
import dev.starling.chaos.pumba.PumbaOptions;
import dev.starling.chaos.pumba.PumbaPlan;
import dev.starling.chaos.pumba.TimedCommand;
import dev.starling.chaos.scenario.Scenario;
import dev.starling.chaos.scenario.ScenarioException;
import dev.starling.chaos.scenario.ScenarioParser;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code starling chaos ...}: the chaos lab's commands. */
@Command(
        name = "chaos",
        description =
                "Chaos lab: run scenarios and the latency suite, check scenarios, prepare Pumba runs, self-test the fabric.",
        subcommands = {
            ChaosCommand.SelfTestCommand.class,
            ChaosCommand.CheckCommand.class,
            ChaosCommand.PumbaCommand.class,
            ChaosRunCommand.class,
            ChaosSuiteCommand.class,
            ChaosReportCommand.class
        })
final class ChaosCommand {

    @Command(
            name = "selftest",
            description = "Inject known impairments on a fabric link and measure them back from real traffic (root).")
    static final class SelfTestCommand implements Callable<Integer> {
        @CommandLine.Spec
        CommandSpec spec;

        @Option(
                names = "--profile",
                paramLabel = "NAME",
                description = "Then apply this lab peer profile's link (delay, jitter, loss, uplink, downlink) and"
                        + " measure it back with the same tolerances; repeatable.")
        List<String> profileNames = new ArrayList<>();

        @Option(
                names = "--profiles",
                paramLabel = "FILE",
                description = "More peer profiles for --profile, as for `lab --profiles`.")
        Path profilesFile;

        @Override
        public Integer call() {
            List<SelfTest.LinkProfile> links = new ArrayList<>();
            try {
                PeerProfiles known = PeerProfiles.builtInWith(profilesFile);
                for (String name : profileNames) {
                    PeerProfile p = known.get(name)
                            .orElseThrow(() -> new IllegalArgumentException("unknown profile '" + name + "'"));
                    links.add(new SelfTest.LinkProfile(
                            p.name(),
                            p.delayMs(),
                            p.jitterMs(),
                            p.lossPercent(),
                            p.uplinkKbps() * 1000L,
                            p.downlinkKbps() * 1000L));
                }
            } catch (IllegalArgumentException | IOException e) {
                throw new CommandLine.ParameterException(spec.commandLine(), "--profile: " + e.getMessage());
            }
            return SelfTest.run(System.out, links);
        }
    }

    @Command(name = "check", description = "Parse scenario files and report the first error with file, line and field.")
    static final class CheckCommand implements Callable<Integer> {
        @Parameters(arity = "1..*", paramLabel = "FILE")
        List<Path> files;

        @Override
        public Integer call() throws IOException {
            int status = ExitCodes.OK;
            for (Path file : files) {
                try {
                    Scenario scenario = new ScenarioParser().parse(file);
                    System.out.printf(
                            "%s: ok: %s, %d peers, %s, %d faults, seed %d%n",
                            file,
                            scenario.name(),
                            scenario.peers().size(),
                            scenario.duration(),
                            scenario.faults().size(),
                            scenario.seed());
                } catch (ScenarioException e) {
                    System.err.println(e.getMessage());
                    status = ExitCodes.USAGE;
                }
            }
            return status;
        }
    }

    @Command(
            name = "pumba",
            description = "Write the Docker Compose project and timed Pumba commands for a scenario; "
                    + "run them where docker and pumba exist (netem backend: checks the kernel first).")
    static final class PumbaCommand implements Callable<Integer> {
        @Parameters(index = "0", paramLabel = "FILE")
        Path file;

        @Option(
                names = "--out",
                required = true,
                paramLabel = "DIR",
                description = "Where to write docker-compose.yml, Dockerfile and run-chaos.sh.")
        Path out;

        @Override
        public Integer call() throws IOException {
            Scenario scenario;
            try {
                scenario = new ScenarioParser().parse(file);
            } catch (ScenarioException e) {
                System.err.println(e.getMessage());
                return ExitCodes.USAGE;
            }
            PumbaBackend backend = new PumbaBackend(PumbaOptions.defaults());
            ComposeProject project = backend.project(scenario);
            project.writeTo(out);
            PumbaPlan plan = backend.plan(scenario);
            System.out.println("wrote " + out.resolve("docker-compose.yml") + ", Dockerfile and run-chaos.sh");
            for (TimedCommand command : plan.commands()) {
                System.out.println("at " + command.at() + ": " + command.shell());
            }
            plan.unsupported().forEach(u -> System.out.println("NOT RUN: " + u));
            plan.warnings().forEach(w -> System.out.println("warning: " + w));
            ProcessCommandRunner runner = new ProcessCommandRunner();
            List<String> blockers = new ArrayList<>();
            Availability pumba = new PumbaEnvironment(runner).check();
            if (!pumba.available()) {
                blockers.add(pumba.reason());
            }
            Availability netem = new NetemProbe(runner).check();
            if (!netem.available()) {
                blockers.add(netem.reason());
            }
            if (!blockers.isEmpty()) {
                System.out.println("cannot run here: " + String.join("; ", blockers));
                System.out.println("run it where Docker and Pumba exist: (cd " + out + " && ./run-chaos.sh)");
            } else {
                System.out.println("ready: (cd " + out + " && ./run-chaos.sh)");
            }
            return ExitCodes.OK;
        }
    }
}
