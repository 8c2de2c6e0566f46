package dev.starling.chaos.lab;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class FailoverReportTest {
    private final ObjectMapper json = new ObjectMapper();

    private JsonNode latency(String pairs) throws Exception {
        return json.readTree("{\"pairs\": " + pairs + "}");
    }

    @Test
    void eachSurvivorsGapIsItsLongestSilenceAfterTheKillAndOpenGapsRunUntilTheReport() throws Exception {
        Map<String, JsonNode> latencies = new LinkedHashMap<>();
        // a: b came back after 900 ms; the killed mixer's own audio does not count.
        latencies.put("a", latency("""
                [{"from": "b", "audioGaps": [{"atMillis": 500, "ms": 3000}, {"atMillis": 9900, "ms": 900}],
                  "lastMarkerMillis": 12000},
                 {"from": "m", "audioGaps": [], "lastMarkerMillis": 9990}]"""));
        // b: a never came back.
        latencies.put("b", latency("""
                [{"from": "a", "audioGaps": [], "lastMarkerMillis": 9950}]"""));
        ObjectNode report = FailoverReport.build(json, "m", 10_000, 13_000, latencies, Map.of("a", "client"));

        JsonNode a = report.path("peers").get(0);
        assertThat(a.path("gap_ms").asDouble()).isEqualTo(900); // the 3 s gap long before the kill is ignored
        assertThat(a.path("role").asText()).isEqualTo("client");
        JsonNode b = report.path("peers").get(1);
        assertThat(b.path("unrecovered").get(0).asText()).isEqualTo("a");
        assertThat(b.path("gap_ms").asDouble()).isEqualTo(3050);
        assertThat(report.path("gap_max_ms").asDouble()).isEqualTo(3050);
        assertThat(report.path("gap_p50_ms").asDouble()).isEqualTo(900);
    }
}
