package dev.starling.chaos.lab;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;

/**
 * The audio gap every peer had since some moment (a mixer was killed, routes switched), from
 * the gaps each node records per origin ({@code /api/latency}). Pure: JSON in, JSON out.
 *
 * <p>A gap's start is the last marker heard before the silence, up to one marker period (200 ms)
 * before the kill, so gaps that began shortly before the kill count too. An origin not heard
 * since the kill has an open gap that lasts until the report.
 */
final class FailoverReport {
    /** One marker period plus slack: the last marker before a kill-caused silence is at most this old. */
    static final long LOOKBACK_MS = 400;

    private FailoverReport() {}

    /** @param excluded an origin whose silence is expected (the killed mixer), or null */
    static ObjectNode build(
            ObjectMapper json,
            String excluded,
            long sinceMillis,
            long nowMillis,
            Map<String, JsonNode> latencyBySelf,
            Map<String, String> roles) {
        ObjectNode out = json.createObjectNode();
        out.put("since_ms", sinceMillis);
        ArrayNode peers = out.putArray("peers");
        List<Double> worst = new ArrayList<>();
        latencyBySelf.forEach((self, latency) -> {
            ObjectNode peer = peers.addObject();
            peer.put("id", self);
            peer.put("role", roles.getOrDefault(self, ""));
            ObjectNode byOrigin = peer.putObject("gap_ms_by_origin");
            ArrayNode unrecovered = peer.putArray("unrecovered");
            double max = 0;
            for (JsonNode pair : latency.path("pairs")) {
                String origin = pair.path("from").asText();
                if (origin.equals(excluded)) {
                    continue;
                }
                double gap = 0;
                for (JsonNode g : pair.path("audioGaps")) {
                    if (g.path("atMillis").asDouble() >= sinceMillis - LOOKBACK_MS) {
                        gap = Math.max(gap, g.path("ms").asDouble());
                    }
                }
                double last = pair.path("lastMarkerMillis").asDouble(Double.NaN);
                if (Double.isNaN(last) || last < sinceMillis) {
                    unrecovered.add(origin);
                    gap = Math.max(gap, nowMillis - (Double.isNaN(last) ? sinceMillis : last));
                }
                byOrigin.put(origin, gap);
                max = Math.max(max, gap);
            }
            peer.put("gap_ms", max);
            worst.add(max);
        });
        Collections.sort(worst);
        if (!worst.isEmpty()) {
            out.put("gap_p50_ms", worst.get((worst.size() - 1) / 2));
            out.put("gap_max_ms", worst.get(worst.size() - 1));
        }
        return out;
    }
}
