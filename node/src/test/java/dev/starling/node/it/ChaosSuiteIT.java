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
 * The seed's latency suite in its short CI profile, through the real command: a clean 2-client
 * room and a 50 ms delay with one mixer elected among three peers. Every scenario runs and times
 * client 1's markers at client 2 (through the mixer when it is not one of them), and the report
 * files are written.
 */
class ChaosSuiteIT {
    @TempDir
    Path out;

    @Test
    void shortLatencySuiteRunsEndToEnd() throws Exception {
        ProcessCommandRunner runner = new ProcessCommandRunner();
        assumeTrue(Privileges.isRoot(runner), "the fabric needs root for namespaces and TAP devices");
        assumeTrue(Files.exists(Path.of("/dev/net/tun")), "the fabric needs /dev/net/tun");

        int exit = new CommandLine(new StarlingCommand()).execute("chaos", "suite", "latency", "--short", "--out",
                out.toString());

        assertThat(exit).isZero();
        ObjectMapper json = new ObjectMapper();
        List<Path> results;
        try (var files = Files.list(out)) {
            results = files.filter(p -> p.toString().endsWith(".json")).toList();
        }
        assertThat(results).hasSizeGreaterThanOrEqualTo(2);
        for (Path result : results) {
            JsonNode r = json.readTree(result.toFile());
            if (!r.has("latency")) {
                continue;
            }
            assertThat(r.path("status").asText()).as(result.toString()).isEqualTo("ok");
            assertThat(r.path("latency").path("samples").asLong()).as(result.toString()).isPositive();
            if (r.path("mixers").asInt() >= 1) {
                // 1 through the elected mixer, 0 if the election made one of the two clients the mixer.
                assertThat(r.path("hops").isIntegralNumber()).as("hops reported in %s", result).isTrue();
                assertThat(r.path("hops").asInt()).isBetween(0, 1);
            }
        }
        assertThat(out.resolve("summary.csv")).exists();
        assertThat(Files.readString(out.resolve("report.html"))).contains("data:image/png;base64,");
    }
}
