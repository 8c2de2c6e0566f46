package dev.starling.chaos.report;

import static dev.starling.chaos.report.ResultWriterTest.result;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class HtmlReportTest {
    @TempDir
    Path dir;

    @Test
    void htmlReportIsSelfContainedAndChartsArePng() throws Exception {
        List<ScenarioResult> results = List.of(
                result("clean-0-mixers", "clean", 0, 98, List.of(new double[] {90, 0.5}, new double[] {98, 1.0})),
                result("clean-1-mixers", "clean", 1, 101, List.of(new double[] {95, 0.5}, new double[] {101, 1.0})),
                result("delay-50ms-0-mixers", "delay-50ms", 0, 150, List.of(new double[] {150, 1.0})),
                result("mixer-kill", "mixer-kill", 1, 99, List.of()));

        List<Path> files = new HtmlReport().write(dir, "Suite <test>", results, "starling chaos suite latency");

        assertThat(files)
                .extracting(p -> p.getFileName().toString())
                .containsExactly("latency-vs-mixers.png", "latency-cdf.png", "report.html");
        String html = Files.readString(dir.resolve("report.html"));
        assertThat(html).contains("Suite &lt;test&gt;", "<td>clean-1-mixers</td>", "data:image/png;base64,");
        assertThat(html).doesNotContain("src=\"http", "<script", "<link");
        for (String png : List.of("latency-vs-mixers.png", "latency-cdf.png")) {
            byte[] bytes = Files.readAllBytes(dir.resolve(png));
            assertThat(bytes).startsWith(0x89, 'P', 'N', 'G');
        }
    }

    @Test
    void noChartsWithoutSamples() throws Exception {
        ScenarioResult empty = new ScenarioResult(
                "x",
                "x",
                "x",
                0,
                "fabric",
                "failed: no room",
                5,
                "a",
                "b",
                Map.of(),
                null,
                0,
                Double.NaN,
                Double.NaN,
                Double.NaN,
                0,
                0,
                0,
                List.of(),
                null,
                List.of(),
                List.of(),
                List.of(),
                Double.NaN,
                "l");
        assertThat(new HtmlReport().write(dir, "t", List.of(empty), "c"))
                .extracting(p -> p.getFileName().toString())
                .containsExactly("report.html");
        assertThat(Files.readString(dir.resolve("report.html"))).contains("class=\"bad\">failed: no room");
    }
}
