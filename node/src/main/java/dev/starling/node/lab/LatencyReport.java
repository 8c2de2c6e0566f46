package dev.starling.node.lab;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Map;

/**
 * Builds the lab's result object from what each node reports about itself: one entry per
 * directed pair (from each receiver's {@code /api/latency}) and one per node (its own latest
 * metrics report). Pure: JSON in, JSON out.
 */
final class LatencyReport {
    private final ObjectMapper json;

    LatencyReport(ObjectMapper json) {
        this.json = json;
    }

    /**
     * @param nodes per node name: {"room": /api/room, "latency": /api/latency, "metrics": /api/metrics}
     */
    ObjectNode build(ObjectNode lab, Map<String, NodeState> nodes) {
        ObjectNode result = json.createObjectNode();
        result.set("lab", lab);
        ArrayNode pairs = result.putArray("pairs");
        ArrayNode nodeList = result.putArray("nodes");
        nodes.forEach((name, state) -> {
            String self = state.room().path("self").path("id").asText();
            for (JsonNode pair : state.latency().path("pairs")) {
                ObjectNode entry = pairs.addObject();
                entry.put("from", pair.path("from").asText());
                entry.put("to", pair.path("to").asText());
                entry.set("audio", pair.path("audio"));
                entry.set("video", pair.path("video"));
                entry.set("clock_offset", pair.path("clockOffset"));
            }
            JsonNode own = state.metrics().path("reports").path(self);
            ObjectNode node = nodeList.addObject();
            node.put("id", self);
            node.put("name", name);
            node.put("api", state.api());
            node.put("cpu_pct", own.path("cpuPercent").asDouble(0));
            node.put("up_kbps", own.path("uploadKbps").asDouble(0));
            node.put("down_kbps", own.path("downloadKbps").asDouble(0));
        });
        return result;
    }

    /** What the lab collected from one node. */
    record NodeState(String api, JsonNode room, JsonNode latency, JsonNode metrics) {
    }
}
