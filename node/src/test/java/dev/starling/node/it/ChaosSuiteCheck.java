package dev.starling.node.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.starling.chaos.host.Privileges;
import dev.starling.chaos.host.ProcessCommandRunner;
import dev.starling.node.cli.StarlingCommand;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * The seed's latency suite through the real command, one scenario of it (the short profile's second,
 * 10 s; its first is the same room without the delay): two clients and one mixer node in one room
 * under 50 ms of delay. The clients decline candidacy, so the room elects the mixer node and
 * client 1's markers reach client 2 through it; the scenario times them, and the report files
 * are written. Not an {@code *IT}: run by hand ({@code -Dit.test=ChaosSuiteCheck}), as CI's time
 * goes to the call page's browser test.
 */
class ChaosSuiteCheck {
    @TempDir
    Path out;

    @Test
    void shortLatencySuiteRunsEndToEnd() throws Exception {
        ProcessCommandRunner runner = new ProcessCommandRunner();
        assumeTrue(Privileges.isRoot(runner), "the fabric needs root for namespaces and TAP devices");
        assumeTrue(Files.exists(Path.of("/dev/net/tun")), "the fabric needs /dev/net/tun");

        int exit = new CommandLine(new StarlingCommand())
                .execute(
                        "chaos",
                        "suite",
                        "latency",
                        "--only",
                        "delay-50ms-1-mixers",
                        "--seconds",
                        "10",
                        "--out",
                        out.toString());

        assertThat(exit).isZero();
        ObjectMapper json = new ObjectMapper();
        List<Path> results;
        try (var files = Files.list(out)) {
            results = files.filter(p -> p.toString().endsWith(".json")).toList();
        }
        assertThat(results).isNotEmpty();
        int timed = 0;
        for (Path result : results) {
            JsonNode r = json.readTree(result.toFile());
            if (!r.has("latency")) {
                continue;
            }
            timed++;
            assertThat(r.path("status").asText()).as(result.toString()).isEqualTo("ok");
            assertThat(r.path("latency").path("samples").asLong())
                    .as(result.toString())
                    .isPositive();
            assertThat(r.path("roles").path("mixer-1").asText())
                    .as(result.toString())
                    .isEqualTo("mixer");
            assertThat(r.path("hops").asInt(-1)).as("hops in %s", result).isEqualTo(1);
        }
        assertThat(timed).as("scenario results with latency").isEqualTo(1);
        assertThat(out.resolve("summary.csv")).exists();
        assertThat(Files.readString(out.resolve("report.html"))).contains("data:image/png;base64,");
    }
}
