package dev.starling.chaos.lab;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.starling.chaos.report.Median;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * What one mixer hop adds to one-way latency, measured where it can be separated from the
 * machine's load: at a client, along one path at a time. An origin heard through h mixers is
 * compared with the first mixer on its way, heard at the same client through the same h-1 mixers
 * after it: both arrive in one stream through the same buffers, so the difference is that one hop
 * (the origin's encoder, its link, the mixer's jitter buffer and bus), whatever the receiver's own
 * buffering. Comparing whole groups of origins by hop count instead mixes different mixers' jitter
 * buffers, which on a loaded machine made a second hop look negative. Mixers hear each origin on a
 * link of its own, so they are left out. Pure: the lab's pairs in, JSON out.
 */
final class HopCost {
    private HopCost() {}

    /**
     * @param pairs the lab report's pairs ({from, to, hops, KIND: {p50_ms}})
     * @param kind "audio" or "video"
     * @param mixerOf each client's mixer, as the routes say
     * @return {"by_receiver": [{"receiver", "p50_ms_by_hops": {h: ms}, "added_ms": {h: ms}}],
     *     "added_ms_median": {h: ms}}, where added_ms[h] is the median, over the origins this
     *     receiver hears through h mixers, of their p50 minus that of the first mixer on their way
     */
    static ObjectNode of(ObjectMapper json, JsonNode pairs, String kind, Map<String, String> mixerOf) {
        Map<String, Map<String, Double>> p50To = new TreeMap<>();
        Map<String, Map<String, Integer>> hopsTo = new HashMap<>();
        for (JsonNode pair : pairs) {
            JsonNode p50 = pair.path(kind).path("p50_ms");
            String to = pair.path("to").asText();
            if (mixerOf.containsKey(to) && p50.isNumber()) {
                String from = pair.path("from").asText();
                p50To.computeIfAbsent(to, r -> new TreeMap<>()).put(from, p50.asDouble());
                hopsTo.computeIfAbsent(to, r -> new HashMap<>())
                        .put(from, pair.path("hops").asInt());
            }
        }
        ObjectNode out = json.createObjectNode();
        ArrayNode receivers = out.putArray("by_receiver");
        Map<Integer, List<Double>> added = new TreeMap<>();
        p50To.forEach((receiver, p50ByOrigin) -> {
            Map<Integer, List<Double>> levels = new TreeMap<>();
            Map<Integer, List<Double>> steps = new TreeMap<>();
            p50ByOrigin.forEach((origin, p50) -> {
                int hops = hopsTo.get(receiver).get(origin);
                levels.computeIfAbsent(hops, h -> new ArrayList<>()).add(p50);
                // The first mixer on the origin's way: its own mixer, or, for a mixer, ours.
                String firstMixer = mixerOf.getOrDefault(origin, mixerOf.get(receiver));
                Double shorter = p50ByOrigin.get(firstMixer);
                Integer shorterHops = hopsTo.get(receiver).get(firstMixer);
                if (hops > 0 && shorter != null && shorterHops != null && shorterHops == hops - 1) {
                    steps.computeIfAbsent(hops, h -> new ArrayList<>()).add(p50 - shorter);
                }
            });
            ObjectNode r = receivers.addObject().put("receiver", receiver);
            ObjectNode levelsOut = r.putObject("p50_ms_by_hops");
            levels.forEach((hops, values) -> levelsOut.put(Integer.toString(hops), Median.of(values)));
            ObjectNode increments = r.putObject("added_ms");
            steps.forEach((hops, values) -> {
                double step = Median.of(values);
                increments.put(Integer.toString(hops), step);
                added.computeIfAbsent(hops, h -> new ArrayList<>()).add(step);
            });
        });
        ObjectNode summary = out.putObject("added_ms_median");
        added.forEach((hops, steps) -> summary.put(Integer.toString(hops), Median.of(steps)));
        return out;
    }
}
