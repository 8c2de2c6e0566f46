package dev.starling.chaos.pumba;

import static org.assertj.core.api.Assertions.assertThat;

import dev.starling.chaos.scenario.Scenario;
import dev.starling.chaos.scenario.ScenarioParser;
import dev.starling.chaos.scenario.SuiteLoader;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.Yaml;

class PumbaPlannerTest {
    private static final String IMG = "ghcr.io/alexei-led/pumba-alpine-nettools:latest";
    private final PumbaBackend backend = new PumbaBackend(PumbaOptions.defaults());

    private static Scenario full() throws Exception {
        return new ScenarioParser().parse(Path.of("src/test/resources/scenarios/full.yaml"));
    }

    @Test
    void everyFaultBecomesTheDocumentedPumbaCommandAtItsTime() throws Exception {
        PumbaPlan plan = backend.plan(full());

        assertThat(plan.commands())
                .extracting(c -> c.at().toSeconds() + " " + c.shell())
                .containsExactly(
                        "5 pumba netem --duration 20s --interface eth0 --tc-image " + IMG
                                + " delay --time 100 --jitter 10 --correlation 20 --distribution normal"
                                + " 're2:^starling-full-vocabulary-(alice|bob|mixer-1|mixer-2)$'",
                        "30 pumba netem --duration 10s --interface eth0 --target 172.28.0.11 --tc-image " + IMG
                                + " loss --percent 2 --correlation 25 starling-full-vocabulary-alice",
                        "30 pumba netem --duration 10s --interface eth0 --tc-image " + IMG
                                + " loss-state --p13 5 --p31 90 --p32 0 --p23 100 --p14 0"
                                + " starling-full-vocabulary-mixer-1 starling-full-vocabulary-mixer-2",
                        "45 pumba netem --duration 10s --interface eth0 --tc-image " + IMG
                                + " loss-gemodel --pg 5 --pb 90 --one-h 100 --one-k 0 starling-full-vocabulary-bob",
                        "45 pumba netem --duration 10s --interface eth0 --tc-image " + IMG
                                + " rate --rate 1mbit starling-full-vocabulary-alice starling-full-vocabulary-bob",
                        "60 pumba netem --duration 5s --interface eth0 --tc-image " + IMG
                                + " duplicate --percent 10 --correlation 0 starling-full-vocabulary-alice",
                        "60 pumba netem --duration 5s --interface eth0 --tc-image " + IMG
                                + " corrupt --percent 1 --correlation 5 starling-full-vocabulary-mixer-1",
                        "70 pumba pause --duration 5s \"${STARLING_LEADER}\"",
                        "80 pumba kill --signal SIGKILL starling-full-vocabulary-mixer-2",
                        "85 pumba stop --time 3 starling-full-vocabulary-mixer-1",
                        "90 docker start starling-full-vocabulary-mixer-2",
                        "95 pumba netem --duration 15s --interface eth0 --target 172.28.0.11 --tc-image " + IMG
                                + " loss --percent 100 --correlation 0 starling-full-vocabulary-alice",
                        "95 pumba netem --duration 15s --interface eth0 --target 172.28.0.11 --tc-image " + IMG
                                + " loss --percent 100 --correlation 0 starling-full-vocabulary-mixer-1",
                        "95 pumba netem --duration 15s --interface eth0 --target 172.28.0.10 --target 172.28.0.12 --tc-image "
                                + IMG + " loss --percent 100 --correlation 0 starling-full-vocabulary-bob");
        assertThat(plan.needsLeader()).isTrue();
    }

    @Test
    void generatedPumbaCommandsFollowPumbasDocumentedSyntax() throws Exception {
        List<Scenario> all = new java.util.ArrayList<>(
                new SuiteLoader(new ScenarioParser()).latency().scenarios());
        all.add(full());
        int checked = 0;
        for (Scenario s : all) {
            for (TimedCommand c : backend.plan(s).commands()) {
                if (!c.argv().get(0).equals("pumba")) continue;
                assertThat(PumbaSyntax.problems(c.argv())).as(c.shell()).isEmpty();
                checked++;
            }
        }
        assertThat(checked).isGreaterThan(30);
    }

    @Test
    void theSyntaxCheckerItselfRejectsWhatPumbaRejects() {
        assertThat(PumbaSyntax.problems(List.of("pumba", "netem", "delay", "--time", "100", "a")))
                .isNotEmpty(); // no --duration
        assertThat(PumbaSyntax.problems(List.of("pumba", "netem", "--duration", "10", "delay", "--time", "100", "a")))
                .isNotEmpty();
        assertThat(PumbaSyntax.problems(List.of("pumba", "netem", "--duration", "1m", "delay", "--time", "100ms", "a")))
                .isNotEmpty();
        assertThat(PumbaSyntax.problems(
                        List.of("pumba", "netem", "--duration", "1m", "rate", "--rate", "1 Mbit/s", "a")))
                .isNotEmpty();
        assertThat(PumbaSyntax.problems(
                        List.of("pumba", "netem", "--duration", "1m", "reorder", "--percent", "1", "a")))
                .isNotEmpty();
        assertThat(PumbaSyntax.problems(List.of("pumba", "pause", "a"))).isNotEmpty();
        assertThat(PumbaSyntax.problems(List.of("pumba", "kill", "--signal", "SIGKILL", "re2:(")))
                .isNotEmpty();
        assertThat(PumbaSyntax.problems(List.of(
                        "pumba",
                        "netem",
                        "--duration",
                        "5m",
                        "delay",
                        "--time",
                        "3000",
                        "--jitter",
                        "30",
                        "--correlation",
                        "20",
                        "re2:^test")))
                .isEmpty(); // the docs' own example
        assertThat(PumbaSyntax.problems(List.of(
                        "pumba", "netem", "--duration", "5m", "loss-state", "--p13", "5", "--p31", "90", "mydb")))
                .isEmpty();
    }

    @Test
    void reorderIsReportedAsUnsupportedAndQdiscClashesAreWarned() throws Exception {
        PumbaPlan plan = backend.plan(full());
        assertThat(plan.unsupported()).singleElement().asString().startsWith("line 20: reorder");
        assertThat(plan.warnings())
                .singleElement()
                .asString()
                .contains("lines 32 and 36")
                .contains("[bob]");
    }

    @Test
    void restartingEveryKilledNodeListsContainerNamesBecauseDockerHasNoRegex() {
        Scenario s = new ScenarioParser().parse("k.yaml", """
                name: k
                duration: 1m
                peers: [a, b]
                faults:
                  - {start: 5s, duration: 5s, target: all, kill: {restart: true}}
                """);
        assertThat(backend.plan(s).commands())
                .extracting(TimedCommand::shell)
                .containsExactly(
                        "pumba kill --signal SIGKILL 're2:^starling-k-(a|b)$'",
                        "docker start starling-k-a starling-k-b");
    }

    @Test
    void aPartitionOverlappingAnotherNetemIsOneWarningNamingEveryNode() {
        Scenario s = new ScenarioParser().parse("clash.yaml", """
                name: clash
                duration: 1m
                peers: [a, b, c]
                faults:
                  - {start: 0s, duration: 30s, target: client, rate: {rate: 1mbit}}
                  - {start: 10s, duration: 10s, partition: {groups: [[a], [b]]}}
                """);
        assertThat(backend.plan(s).warnings())
                .containsExactly("lines 5 and 6 both need the netem qdisc of [a, b] at "
                        + "the same time; Pumba allows one per interface, the later command will fail");
    }

    @Test
    void theAllRegexMatchesExactlyThisProjectsContainers() throws Exception {
        ComposeLayout layout = backend.layout(full());
        Pattern p = Pattern.compile(layout.allContainersRegex().substring("re2:".length()));
        assertThat(List.of("starling-full-vocabulary-alice", "starling-full-vocabulary-mixer-2"))
                .allMatch(n -> p.matcher(n).find());
        assertThat(List.of("starling-full-vocabulary-x-alice", "starling-full-vocabulary-mixer-3", "other-alice"))
                .noneMatch(n -> p.matcher(n).find());
    }

    @Test
    @SuppressWarnings("unchecked")
    void composeHasOneServicePerNodeBuiltFromTheJarWithFixedAddresses() throws Exception {
        ComposeProject project = backend.project(full());
        Map<String, Object> compose = new Yaml().load(project.composeYaml());

        assertThat(compose).containsEntry("name", "starling-full-vocabulary");
        Map<String, Map<String, Object>> services = (Map<String, Map<String, Object>>) compose.get("services");
        assertThat(services).containsOnlyKeys("alice", "bob", "mixer-1", "mixer-2");
        Map<String, Object> mixer = services.get("mixer-1");
        assertThat(mixer)
                .containsEntry("container_name", "starling-full-vocabulary-mixer-1")
                .containsEntry("build", Map.of("context", ".", "dockerfile", "Dockerfile"));
        assertThat((List<String>) mixer.get("command"))
                .startsWith(
                        "join",
                        "--room",
                        "full-vocabulary",
                        "--name",
                        "mixer-1",
                        "--role",
                        "mixer",
                        "--bind",
                        "172.28.0.12");
        assertThat(mixer.get("networks")).isEqualTo(Map.of("room", Map.of("ipv4_address", "172.28.0.12")));
        assertThat(project.composeYaml()).doesNotContain("password:").contains("${STARLING_ROOM_PASSWORD:?");
        assertThat(project.dockerfile()).contains("COPY starling.jar").contains("ENTRYPOINT [\"java\", \"-jar\"");
        assertThat(backend.project(full()).composeYaml()).isEqualTo(project.composeYaml());
    }

    @Test
    void scriptStartsEachCommandAtItsOffsetAndTearsDown() throws Exception {
        String script = backend.project(full()).runScript();
        assertThat(script)
                .startsWith("#!/usr/bin/env bash\n")
                .contains("set -euo pipefail")
                .contains(": \"${STARLING_LEADER:?")
                .contains("# NOT RUN: line 20: reorder")
                .contains("docker compose up -d --build\ntrap 'docker compose down --timeout 5' EXIT\n")
                .contains("(sleep 80 && pumba kill --signal SIGKILL starling-full-vocabulary-mixer-2) &")
                .contains("(sleep 90 && docker start starling-full-vocabulary-mixer-2) &")
                .endsWith("sleep 120  # scenario lasts 2m\nwait\n");
    }

    @Test
    void stopWithRestartUsesPumbasRestartFlags() {
        Scenario s = new ScenarioParser().parse("stop.yaml", """
                name: stop-restart
                duration: 1m
                peers: [a, b]
                faults:
                  - {start: 1500ms, duration: 30s, target: b, stop: {grace: 2s, restart: true}}
                """);
        TimedCommand c = backend.plan(s).commands().get(0);
        assertThat(c.at()).isEqualTo(Duration.ofMillis(1500));
        assertThat(c.shell()).isEqualTo("pumba stop --time 2 --restart --duration 30s starling-stop-restart-b");
        assertThat(PumbaSyntax.problems(c.argv())).isEmpty();
        assertThat(backend.project(s).runScript()).contains("(sleep 1.5 && pumba stop");
    }
}
