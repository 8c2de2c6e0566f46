package dev.starling.chaos.report;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * Reads {@code <scenario>.json} results back (what {@link ResultWriter} wrote), so several runs can
 * be merged into one report ({@code starling chaos report}).
 */
public final class ResultReader {
    private final ObjectMapper json = new ObjectMapper();

    /** Every result JSON in the directories, in file-name order per directory; other JSON files are skipped. */
    public List<ScenarioResult> readAll(List<Path> dirs) throws IOException {
        List<ScenarioResult> out = new ArrayList<>();
        for (Path dir : dirs) {
            List<Path> files;
            try (Stream<Path> s = Files.list(dir)) {
                files = s.filter(p -> p.getFileName().toString().endsWith(".json"))
                        .sorted()
                        .toList();
            }
            for (Path f : files) {
                JsonNode node = json.readTree(f.toFile());
                if (node.has("scenario") && node.has("latency")) out.add(fromJson(node));
            }
        }
        return out;
    }

    public ScenarioResult fromJson(JsonNode o) {
        Map<String, String> roles = new LinkedHashMap<>();
        o.path("roles")
                .fields()
                .forEachRemaining(e -> roles.put(e.getKey(), e.getValue().asText()));
        List<String> elections = new ArrayList<>();
        o.path("elections").forEach(e -> elections.add(e.asText()));
        List<String> events = new ArrayList<>();
        o.path("events").forEach(e -> events.add(e.asText()));
        JsonNode latency = o.path("latency");
        return new ScenarioResult(
                o.path("scenario").asText(),
                o.path("label").asText(),
                o.path("profile").asText(),
                o.path("mixers").asInt(),
                o.path("backend").asText(),
                o.path("status").asText(),
                o.path("seconds").asDouble(),
                o.path("from").asText(),
                o.path("to").asText(),
                roles,
                o.path("hops").isNumber() ? o.path("hops").asInt() : null,
                latency.path("samples").asLong(),
                number(latency.path("p50_ms")),
                number(latency.path("p95_ms")),
                number(latency.path("max_ms")),
                o.path("packets_lost").asLong(),
                o.path("concealed_samples").asLong(),
                o.path("audio_gap_ms").asLong(),
                elections,
                o.path("room_recovered_ms").isNumber()
                        ? o.path("room_recovered_ms").asLong()
                        : null,
                pairs(o.path("cdf")),
                pairs(o.path("live_p50")),
                events,
                number(o.path("clock_offset_ms")),
                o.path("load").asText());
    }

    private static double number(JsonNode n) {
        return n.isNumber() ? n.asDouble() : Double.NaN;
    }

    private static List<double[]> pairs(JsonNode array) {
        List<double[]> out = new ArrayList<>();
        for (JsonNode p : array) out.add(new double[] {number(p.path(0)), number(p.path(1))});
        return out;
    }
}
