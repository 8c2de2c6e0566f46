package dev.starling.node.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.starling.chaos.host.Privileges;
import dev.starling.chaos.host.ProcessCommandRunner;
import dev.starling.chaos.report.ScenarioResult;
import dev.starling.chaos.run.ChaosSession;
import dev.starling.chaos.run.FabricBackend;
import dev.starling.chaos.scenario.Scenario;
import dev.starling.chaos.scenario.ScenarioParser;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A real scenario on the fabric, end to end: two nodes in fabric namespaces, 60 ms of delay from
 * 2 s, the sender SIGSTOPped for 1 s at 6 s. The markers that crossed the delayed links show the
 * delay, the pause shows as an audio gap, every output file is written, and nothing is left behind.
 */
class ChaosRunIT {
    private final ProcessCommandRunner runner = new ProcessCommandRunner();

    @TempDir
    Path out;

    @Test
    void delayAndPauseShowInTheResultsAndEverythingIsRemoved() throws Exception {
        assumeTrue(Privileges.isRoot(runner), "the fabric needs root for namespaces and TAP devices");
        assumeTrue(Files.exists(Path.of("/dev/net/tun")), "the fabric needs /dev/net/tun");
        Scenario scenario = new ScenarioParser().parse(Path.of("src/test/resources/chaos/delay-pause.yaml"));
        ByteArrayOutputStream log = new ByteArrayOutputStream();

        List<ScenarioResult> results = new ChaosSession(runner, new FabricBackend(runner), new PrintStream(log, true))
                .run(
                        List.of(new ChaosSession.Item(scenario, "delay and pause", "delay-pause")),
                        out,
                        "IT",
                        "ChaosRunIT");

        ScenarioResult r = results.get(0);
        assertThat(r.status()).as(log.toString()).isEqualTo("ok");
        assertThat(r.samples())
                .as("markers timed in a 10 s window at 4 per second")
                .isGreaterThan(15);
        // At least 8 of the 10 seconds crossed 60 ms links, so far more than 5 % of markers carry it.
        assertThat(r.p95Ms()).isGreaterThanOrEqualTo(60);
        // The sender was stopped for 1 s; the poll resolution is 250 ms.
        assertThat(r.audioGapMs()).isGreaterThanOrEqualTo(750);
        assertThat(r.events())
                .anyMatch(e -> e.startsWith("t=2.0s network: delay on all"))
                .anyMatch(e -> e.contains("pause a [a]"))
                .anyMatch(e -> e.contains("resume a [a]"));
        assertThat(r.roles()).containsOnlyKeys("a", "b");

        JsonNode json =
                new ObjectMapper().readTree(out.resolve("delay-pause.json").toFile());
        assertThat(json.path("latency").path("samples").asLong()).isEqualTo(r.samples());
        assertThat(Files.readAllLines(out.resolve("delay-pause.csv"))).hasSize(2);
        assertThat(Files.readString(out.resolve("report.html"))).contains("data:image/png;base64,");
        assertThat(out.resolve("latency-cdf.png")).exists();

        String namespaces = runner.run(List.of("ip", "netns", "list"), Duration.ofSeconds(5))
                .output();
        assertThat(namespaces)
                .doesNotContain("stl-fab-" + ProcessHandle.current().pid() + "x");
        assertThat(ProcessHandle.current()
                        .descendants()
                        .filter(ProcessHandle::isAlive)
                        .filter(p -> p.info().commandLine().orElse("").contains("StarlingCommand"))
                        .count())
                .as("no node process left")
                .isZero();
    }
}
