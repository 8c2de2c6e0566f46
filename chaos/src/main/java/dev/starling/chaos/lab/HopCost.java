package dev.starling.chaos.lab;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.starling.chaos.report.Median;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * What one mixer hop adds to one-way audio latency, measured where it can be separated from the
 * machine's load: at a client. Everything a client hears arrives in one stream from its mixer,
 * through one jitter buffer, so the origins it hears at 0, 1 and 2 hops differ only by the relays
 * in front of that stream. Comparing the median latency of each hop count at the same receiver
 * takes out the receiver's own buffering, which on a starved machine swamps everything else.
 * (A mixer hears each origin on a different link, each with its own jitter buffer, so mixers are
 * left out.) Pure: the lab's pairs in, JSON out.
 */
final class HopCost {
    private HopCost() {}

    /**
     * @param pairs the lab report's pairs ({from, to, hops, audio: {p50_ms}})
     * @param clients ids of the nodes whose role is client
     * @return {"by_receiver": [{"receiver", "p50_ms_by_hops": {h: ms}, "added_ms": {h: ms}}],
     *     "added_ms_median": {h: ms}}, where added_ms[h] = p50 at h hops minus p50 at h-1 hops
     */
    static ObjectNode of(ObjectMapper json, JsonNode pairs, Set<String> clients) {
        Map<String, Map<Integer, List<Double>>> byReceiver = new TreeMap<>();
        for (JsonNode pair : pairs) {
            JsonNode p50 = pair.path("audio").path("p50_ms");
            String to = pair.path("to").asText();
            if (clients.contains(to) && p50.isNumber()) {
                byReceiver
                        .computeIfAbsent(to, r -> new TreeMap<>())
                        .computeIfAbsent(pair.path("hops").asInt(), h -> new ArrayList<>())
                        .add(p50.asDouble());
            }
        }
        ObjectNode out = json.createObjectNode();
        ArrayNode receivers = out.putArray("by_receiver");
        Map<Integer, List<Double>> added = new TreeMap<>();
        byReceiver.forEach((receiver, byHops) -> {
            ObjectNode r = receivers.addObject().put("receiver", receiver);
            ObjectNode levels = r.putObject("p50_ms_by_hops");
            ObjectNode increments = r.putObject("added_ms");
            byHops.forEach((hops, values) -> {
                double level = Median.of(values);
                levels.put(Integer.toString(hops), level);
                List<Double> below = byHops.get(hops - 1);
                if (below != null) {
                    double step = level - Median.of(below);
                    increments.put(Integer.toString(hops), step);
                    added.computeIfAbsent(hops, h -> new ArrayList<>()).add(step);
                }
            });
        });
        ObjectNode summary = out.putObject("added_ms_median");
        added.forEach((hops, steps) -> summary.put(Integer.toString(hops), Median.of(steps)));
        return out;
    }
}
