package dev.starling.chaos.lab;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.NullNode;
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
     * @param nodes per node name: {"room": /api/room, "latency": /api/latency, "metrics": /api/metrics,
     *     "election": /api/election, "media": /api/media}
     */
    ObjectNode build(ObjectNode lab, Map<String, NodeState> nodes) {
        ObjectNode result = json.createObjectNode();
        result.set("lab", lab);
        ArrayNode pairs = result.putArray("pairs");
        ArrayNode nodeList = result.putArray("nodes");
        Map<String, String> roles = new java.util.TreeMap<>();
        nodes.forEach((name, state) -> {
            String self = state.room().path("self").path("id").asText();
            for (JsonNode pair : state.latency().path("pairs")) {
                ObjectNode entry = pairs.addObject();
                entry.put("from", pair.path("from").asText());
                entry.put("to", pair.path("to").asText());
                entry.put("hops", pair.path("hops").asInt(0));
                entry.set("audio", pair.path("audio"));
                entry.set("video", pair.path("video"));
                entry.set("clock_offset", pair.path("clockOffset"));
                // The candidate pair of the link from "from", as "to" sees it: host, srflx, prflx or relay.
                entry.set("ice", pair.hasNonNull("ice") ? pair.get("ice") : NullNode.getInstance());
                // How often the link lost its path and came back, and the ICE restarts "to" sent.
                if (pair.has("reconnection")) {
                    entry.set("reconnection", pair.get("reconnection"));
                }
            }
            JsonNode own = state.metrics().path("reports").path(self);
            ObjectNode node = nodeList.addObject();
            node.put("id", self);
            node.put("name", name);
            node.put("api", state.api());
            node.put("cpu_pct", own.path("cpuPercent").asDouble(0));
            node.put("up_kbps", own.path("uploadKbps").asDouble(0));
            node.put("down_kbps", own.path("downloadKbps").asDouble(0));
            JsonNode pushes = state.media().path("audioPushes");
            if (pushes.isObject()) {
                // How late the node pushed its audio to its encoders: lateness here is jitter at every receiver.
                node.putObject("audio_push")
                        .put("late_p50_ms", pushes.path("late").path("p50_ms").asDouble())
                        .put("late_p95_ms", pushes.path("late").path("p95_ms").asDouble())
                        .put("late_max_ms", pushes.path("late").path("max_ms").asDouble())
                        .put("skipped_frames", pushes.path("skipped").asLong());
            }
            ObjectNode buffers = node.putObject("jitter_buffer_ms");
            audioJitterBuffers(state, self).forEach(buffers::put);
            roles.put(self, roleOf(self, state.room()));
            node.put("role", roles.get(self));
        });
        result.set("election", election(nodes));
        java.util.Set<String> clients = new java.util.TreeSet<>();
        roles.forEach((id, role) -> {
            if (role.equals("client")) {
                clients.add(id);
            }
        });
        Map<String, String> mixerOf = mixerOf(nodes, clients);
        ObjectNode hopCost = HopCost.of(json, pairs, "audio", mixerOf);
        hopCost.set("at_mixers", atMixers(nodes, roles, clients));
        hopCost.set("video", HopCost.of(json, pairs, "video", mixerOf));
        result.set("hop_cost", hopCost);
        return result;
    }

    /**
     * The part of a hop that happens inside each mixer: the jitter buffer of each client's audio
     * into it (libwebrtc's own figure, over the last metrics window) and how long the decoded
     * chunks then waited in the mixer's bus for their frame.
     */
    private ArrayNode atMixers(Map<String, NodeState> nodes, Map<String, String> roles, java.util.Set<String> clients) {
        ArrayNode out = json.createArrayNode();
        nodes.forEach((name, state) -> {
            String self = state.room().path("self").path("id").asText();
            if (!"mixer".equals(roles.get(self))) {
                return;
            }
            ObjectNode mixer = out.addObject().put("mixer", self);
            ObjectNode buffers = mixer.putObject("jitter_buffer_ms_from_clients");
            audioJitterBuffers(state, self).forEach((from, ms) -> {
                if (clients.contains(from)) {
                    buffers.put(from, ms);
                }
            });
            JsonNode bus = state.media().path("routes").path("mixer");
            if (bus.path("waitMsMean").isNumber()) {
                mixer.put("bus_wait_ms", bus.path("waitMsMean").asDouble());
            }
        });
        return out;
    }

    /** Each client's mixer, as the nodes' routes say (they derive the same table). */
    private static Map<String, String> mixerOf(Map<String, NodeState> nodes, java.util.Set<String> clients) {
        Map<String, String> out = new java.util.TreeMap<>();
        for (NodeState state : nodes.values()) {
            state.media().path("routes").path("mixerOf").fields().forEachRemaining(e -> {
                if (clients.contains(e.getKey())) {
                    out.putIfAbsent(e.getKey(), e.getValue().asText());
                }
            });
        }
        return out;
    }

    /** libwebrtc's jitter buffer delay of each link's inbound audio at this node, over its last metrics window. */
    private static Map<String, Double> audioJitterBuffers(NodeState state, String self) {
        Map<String, Double> out = new java.util.TreeMap<>();
        for (JsonNode link : state.metrics().path("reports").path(self).path("links")) {
            if (link.path("direction").asText().equals("inbound")
                    && link.path("kind").asText().equals("audio")
                    && link.path("jitterBufferDelayMs").isNumber()) {
                out.put(
                        link.path("remotePeer").asText(),
                        link.path("jitterBufferDelayMs").asDouble());
            }
        }
        return out;
    }

    private static String roleOf(String self, JsonNode room) {
        for (JsonNode m : room.path("members")) {
            if (m.path("id").asText().equals(self)) {
                return m.path("role").asText("mesh");
            }
        }
        return "mesh";
    }

    /**
     * The election as the room leader reports it (it opened it and holds the scores); any node's
     * view if the leader did not answer. Null when no node reports an election.
     */
    private ObjectNode election(Map<String, NodeState> nodes) {
        JsonNode source = null;
        for (NodeState state : nodes.values()) {
            JsonNode e = state.election();
            if (e.has("number") && (source == null || e.path("isLeader").asBoolean())) {
                source = e;
            }
        }
        if (source == null) {
            return null;
        }
        ObjectNode out = json.createObjectNode();
        out.put("number", source.path("number").asLong());
        out.put("policy", source.path("policy").asText());
        out.set("mixers", source.path("mixers").deepCopy());
        out.set(
                "assignment",
                source.path("assignment").isObject() ? source.path("assignment").deepCopy() : json.createObjectNode());
        JsonNode history = source.path("history");
        JsonNode last = history.isArray() && !history.isEmpty() ? history.get(history.size() - 1) : null;
        if (last != null
                && last.path("number").asLong() == source.path("number").asLong()) {
            out.set("timing", timing(last));
        }
        ArrayNode scores = out.putArray("scores");
        for (JsonNode s : source.path("scores")) {
            scores.addObject()
                    .put("peer", s.path("peerId").asText())
                    .put("total", s.path("total").asDouble());
        }
        // The leader's own measurements and points per peer: why the ranking came out as it did.
        if (source.path("peers").isObject()) {
            out.set("inputs", source.path("peers").deepCopy());
        }
        return out;
    }

    /**
     * Where an election's time went at the leader: waiting for metrics reports, the 2 MiB probes,
     * and from the last probe to the adopted result (points and result messages).
     */
    private ObjectNode timing(JsonNode record) {
        ObjectNode t = json.createObjectNode();
        t.put("trigger", record.path("trigger").asText());
        long started = record.path("startedAtMillis").asLong(0);
        long ready = record.path("metricsReadyAtMillis").asLong(0);
        long probed = record.path("probesDoneAtMillis").asLong(0);
        long finished = record.path("finishedAtMillis").asLong(0);
        if (started > 0) {
            t.put("duration_ms", finished - started);
        }
        if (started > 0 && ready > 0) {
            t.put("metrics_wait_ms", ready - started);
        }
        if (ready > 0 && probed > 0) {
            t.put("probing_ms", probed - ready);
        }
        if (probed > 0) {
            t.put("decide_ms", finished - probed);
        }
        if (ready > 0) {
            t.put("after_metrics_ms", finished - ready);
        }
        return t;
    }

    /** What the lab collected from one node. */
    record NodeState(
            String api, JsonNode room, JsonNode latency, JsonNode metrics, JsonNode election, JsonNode media) {}
}
