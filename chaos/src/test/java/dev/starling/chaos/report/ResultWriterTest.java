package dev.starling.chaos.report;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ResultWriterTest {
    @TempDir
    Path dir;

    static ScenarioResult result(String name, String profile, int mixers, double p50, List<double[]> cdf) {
        return new ScenarioResult(
                name,
                profile + ", " + mixers + " mixers",
                profile,
                mixers,
                "fabric",
                "ok",
                30,
                "client-1",
                "client-2",
                Map.of("client-1", "client+leader", "client-2", "client", "mixer-1", "mixer"),
                null,
                117,
                p50,
                p50 + 20,
                p50 + 45.5,
                3,
                960,
                250,
                List.of("#2 leader-left -> 1 mixers"),
                null,
                cdf,
                List.of(new double[] {1.0, p50}, new double[] {2.0, Double.NaN}),
                List.of("t=0.0s network: clean"),
                0.4,
                "load 1.00 0.50 0.25 on 2 cores");
    }

    @Test
    void csvHasTheDocumentedColumnsAndOneRow() throws Exception {
        new ResultWriter().write(dir, result("delay-50ms-1-mixers", "delay-50ms", 1, 151.25, List.of(new double[] {
            151.25, 1.0
        })));

        List<String> lines = Files.readAllLines(dir.resolve("delay-50ms-1-mixers.csv"));
        assertThat(lines).hasSize(2);
        assertThat(lines.get(0))
                .isEqualTo("scenario,profile,mixers,backend,status,seconds,from,to,hops,samples,p50_ms,p95_ms,"
                        + "max_ms,packets_lost,concealed_samples,audio_gap_ms,elections,room_recovered_ms,roles");
        assertThat(lines.get(1))
                .isEqualTo("delay-50ms-1-mixers,delay-50ms,1,fabric,ok,30.00,client-1,client-2,,117,151.25,"
                        + "171.25,196.75,3,960,250,1,,{client-1=client+leader client-2=client mixer-1=mixer}");
    }

    @Test
    void csvQuotesCellsWithCommasAndLeavesMissingFiguresEmpty() {
        ScenarioResult r = new ScenarioResult(
                "x",
                "x",
                "x",
                0,
                "fabric",
                "failed: room did not form, \"twice\"",
                5,
                "a",
                "b",
                Map.of(),
                2,
                0,
                Double.NaN,
                Double.NaN,
                Double.NaN,
                0,
                0,
                0,
                List.of(),
                -1L,
                List.of(),
                List.of(),
                List.of(),
                Double.NaN,
                "l");
        String row = ResultWriter.csvRow(r);
        assertThat(row)
                .isEqualTo("x,x,0,fabric,\"failed: room did not form, \"\"twice\"\"\",5.00,a,b,2,0,,,,0,0,0,0,-1,{}");
    }

    @Test
    void jsonCarriesFiguresCdfLiveSeriesAndEvents() throws Exception {
        new ResultWriter()
                .write(
                        dir,
                        result("clean-0-mixers", "clean", 0, 98.75, List.of(new double[] {90.25, 0.4}, new double[] {
                            98.75, 1.0
                        })));

        JsonNode j =
                new ObjectMapper().readTree(dir.resolve("clean-0-mixers.json").toFile());
        assertThat(j.path("latency").path("p50_ms").asDouble()).isEqualTo(98.75);
        assertThat(j.path("latency").path("p95_ms").asDouble()).isEqualTo(118.75);
        assertThat(j.path("latency").path("samples").asLong()).isEqualTo(117);
        assertThat(j.path("hops").isNull()).isTrue();
        assertThat(j.path("roles").path("mixer-1").asText()).isEqualTo("mixer");
        assertThat(j.path("cdf").get(1).get(0).asDouble()).isEqualTo(98.75);
        assertThat(j.path("live_p50").get(1).get(1).isNull())
                .as("NaN becomes null")
                .isTrue();
        assertThat(j.path("elections").get(0).asText()).isEqualTo("#2 leader-left -> 1 mixers");
        assertThat(j.path("events").get(0).asText()).isEqualTo("t=0.0s network: clean");
        assertThat(j.path("room_recovered_ms").isNull()).isTrue();
    }

    @Test
    void readerGetsBackWhatTheWriterWrote() throws Exception {
        ScenarioResult r = result(
                "clean-0-mixers", "clean", 0, 98.75, List.of(new double[] {90.25, 0.4}, new double[] {98.75, 1.0}));
        new ResultWriter().write(dir, r);
        Files.writeString(dir.resolve("other.json"), "{\"not\": \"a result\"}");

        List<ScenarioResult> back = new ResultReader().readAll(List.of(dir));

        assertThat(back).hasSize(1);
        ScenarioResult b = back.get(0);
        assertThat(ResultWriter.csvRow(b)).isEqualTo(ResultWriter.csvRow(r));
        assertThat(b.cdf()).hasSize(2);
        assertThat(b.live().get(1)[1]).isNaN();
        assertThat(b.events()).isEqualTo(r.events());
        assertThat(b.clockOffsetMs()).isEqualTo(0.4);
        assertThat(b.load()).isEqualTo(r.load());
    }

    @Test
    void summaryListsEveryScenario() throws Exception {
        new ResultWriter()
                .writeSummary(
                        dir,
                        List.of(
                                result("a-0-mixers", "a", 0, 1, List.of()),
                                result("a-1-mixers", "a", 1, 2, List.of())));
        List<String> lines = Files.readAllLines(dir.resolve("summary.csv"));
        assertThat(lines).hasSize(3);
        assertThat(lines.get(1)).startsWith("a-0-mixers,a,0,");
        assertThat(lines.get(2)).startsWith("a-1-mixers,a,1,");
    }
}
