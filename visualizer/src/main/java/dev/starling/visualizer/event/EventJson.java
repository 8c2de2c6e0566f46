package dev.starling.visualizer.event;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Maps the node's live stream objects {@code {"type": "...", "at": <epoch ms>, ...}} to and from
 * {@link TopologyEvent}s. Decoding is hand-validated rather than bound by Jackson annotations so
 * each rejection names the offending field, and so unknown extra fields are tolerated (the node
 * may add fields before the visualizer knows them) while wrong types are not.
 */
public final class EventJson {

    /** Whole-event cap: a legitimate event is a few hundred bytes; names may be up to 64 KiB. */
    public static final int MAX_EVENT_CHARS = 256 * 1024;

    static final int MAX_ID_CHARS = 512;
    static final int MAX_NAME_CHARS = 64 * 1024;
    static final int MAX_TEXT_CHARS = 1024;
    static final int MAX_LIST = 10_000;

    private final ObjectMapper mapper;

    public EventJson(ObjectMapper mapper) {
        this.mapper = mapper;
    }

    public EventJson() {
        this(new ObjectMapper());
    }

    public DecodeResult decode(String json) {
        if (json == null) {
            return new DecodeResult.Rejected("event is null");
        }
        if (json.length() > MAX_EVENT_CHARS) {
            return new DecodeResult.Rejected("event is " + json.length() + " chars, limit " + MAX_EVENT_CHARS);
        }
        JsonNode node;
        try {
            node = mapper.readTree(json);
        } catch (JsonProcessingException e) {
            return new DecodeResult.Rejected("not JSON: " + e.getOriginalMessage());
        }
        return decode(node);
    }

    public DecodeResult decode(JsonNode node) {
        try {
            return new DecodeResult.Accepted(parse(node));
        } catch (BadEvent e) {
            return new DecodeResult.Rejected(e.getMessage());
        } catch (RuntimeException e) {
            // Record constructors guard their own invariants; surface those as rejections too.
            return new DecodeResult.Rejected("invalid event: " + e.getMessage());
        }
    }

    private TopologyEvent parse(JsonNode node) {
        if (node == null || !node.isObject()) {
            throw new BadEvent("event must be a JSON object");
        }
        String type = text(node, "type", MAX_ID_CHARS);
        long at = node.path("at").canConvertToExactIntegral() && node.path("at").canConvertToLong()
                ? node.get("at").asLong()
                : -1;
        if (at < 0) {
            throw new BadEvent(type + ": field 'at' must be a non-negative integer (epoch ms)");
        }
        return switch (type) {
            case "PeerJoined" -> new PeerJoined(at, id(node, "peerId"), text(node, "name", MAX_NAME_CHARS), role(node));
            case "PeerLeft" -> new PeerLeft(at, id(node, "peerId"));
            case "RoleChanged" -> new RoleChanged(at, id(node, "peerId"), role(node));
            case "LeaderChanged" ->
                new LeaderChanged(
                        at,
                        node.path("peerId").isNull() || node.path("peerId").isMissingNode()
                                ? null
                                : id(node, "peerId"));
            case "LinkStats" ->
                new LinkStats(
                        at,
                        id(node, "from"),
                        id(node, "to"),
                        kind(node),
                        number(node, "bitrateKbps", 0, Double.MAX_VALUE),
                        number(node, "rttMs", 0, Double.MAX_VALUE),
                        number(node, "lossPercent", 0, 100),
                        number(node, "jitterMs", 0, Double.MAX_VALUE),
                        number(node, "latencyP50Ms", 0, Double.MAX_VALUE),
                        path(node));
            case "LinkClosed" -> new LinkClosed(at, id(node, "from"), id(node, "to"), kind(node));
            case "PeerMetrics" ->
                new PeerMetrics(
                        at,
                        id(node, "peerId"),
                        number(node, "cpuPercent", 0, Double.MAX_VALUE),
                        number(node, "electionPoints", -Double.MAX_VALUE, Double.MAX_VALUE));
            case "CallStateChanged" ->
                new CallStateChanged(
                        at, id(node, "peerId"), device(node, "audio"), device(node, "video"), device(node, "screen"));
            case "ElectionFinished" -> election(node, at);
            default -> throw new BadEvent("unknown event type '" + sanitize(type) + "'");
        };
    }

    private ElectionFinished election(JsonNode node, long at) {
        JsonNode number = node.path("number");
        if (!number.canConvertToExactIntegral() || !number.canConvertToLong() || number.asLong() < 0) {
            throw new BadEvent("ElectionFinished: field 'number' must be a non-negative integer");
        }
        JsonNode mixersNode = node.path("mixers");
        if (!mixersNode.isArray() || mixersNode.size() > MAX_LIST) {
            throw new BadEvent("ElectionFinished: field 'mixers' must be an array of peer ids");
        }
        List<String> mixers = new ArrayList<>();
        for (JsonNode m : mixersNode) {
            mixers.add(idValue(m, "mixers[]"));
        }
        JsonNode assignmentNode = node.path("assignment");
        if (!assignmentNode.isObject() || assignmentNode.size() > MAX_LIST) {
            throw new BadEvent("ElectionFinished: field 'assignment' must be an object {peerId: mixerId}");
        }
        Map<String, String> assignment = new LinkedHashMap<>();
        Iterator<Map.Entry<String, JsonNode>> it = assignmentNode.fields();
        while (it.hasNext()) {
            Map.Entry<String, JsonNode> entry = it.next();
            assignment.put(checkId(entry.getKey(), "assignment key"), idValue(entry.getValue(), "assignment value"));
        }
        String trigger = node.path("trigger").isMissingNode() ? "" : text(node, "trigger", MAX_TEXT_CHARS);
        return new ElectionFinished(at, number.asLong(), mixers, assignment, trigger);
    }

    private static Role role(JsonNode node) {
        String value = text(node, "role", MAX_ID_CHARS);
        return Role.fromWire(value)
                .orElseThrow(
                        () -> new BadEvent("field 'role' must be mesh|client|mixer, got '" + sanitize(value) + "'"));
    }

    private static DeviceState device(JsonNode node, String field) {
        String value = text(node, field, MAX_ID_CHARS);
        return DeviceState.fromWire(value)
                .orElseThrow(
                        () -> new BadEvent("field '" + field + "' must be on|off|none, got '" + sanitize(value) + "'"));
    }

    private static LinkKind kind(JsonNode node) {
        if (node.path("kind").isMissingNode()) {
            return LinkKind.MEDIA;
        }
        String value = text(node, "kind", MAX_ID_CHARS);
        return LinkKind.fromWire(value)
                .orElseThrow(() -> new BadEvent("field 'kind' must be media|control, got '" + sanitize(value) + "'"));
    }

    /** Optional: {"from": "srflx", "to": "relay", "protocol": "udp", "state": "connected"}, each part optional. */
    private static LinkPath path(JsonNode node) {
        JsonNode path = node.path("path");
        if (path.isMissingNode() || path.isNull()) {
            return LinkPath.UNKNOWN;
        }
        if (!path.isObject()) {
            throw new BadEvent("field 'path' must be an object");
        }
        return new LinkPath(
                oneOf(path, "from", LinkPath.CANDIDATE_TYPES),
                oneOf(path, "to", LinkPath.CANDIDATE_TYPES),
                oneOf(path, "protocol", LinkPath.PROTOCOLS),
                oneOf(path, "state", LinkPath.STATES));
    }

    private static String oneOf(JsonNode node, String field, java.util.Set<String> allowed) {
        if (node.path(field).isMissingNode()) {
            return "";
        }
        String value = text(node, field, MAX_ID_CHARS);
        if (!value.isEmpty() && !allowed.contains(value)) {
            throw new BadEvent("path field '" + field + "' must be one of " + new java.util.TreeSet<>(allowed)
                    + ", got '" + sanitize(value) + "'");
        }
        return value;
    }

    private static String id(JsonNode node, String field) {
        return idValue(node.path(field), field);
    }

    private static String idValue(JsonNode value, String field) {
        if (!value.isTextual()) {
            throw new BadEvent("field '" + field + "' must be a string peer id");
        }
        return checkId(value.asText(), field);
    }

    private static String checkId(String value, String field) {
        if (value.isEmpty() || value.length() > MAX_ID_CHARS) {
            throw new BadEvent("field '" + field + "' must be 1.." + MAX_ID_CHARS + " chars");
        }
        return value;
    }

    private static String text(JsonNode node, String field, int max) {
        JsonNode value = node.path(field);
        if (!value.isTextual()) {
            throw new BadEvent("field '" + field + "' must be a string");
        }
        if (value.asText().length() > max) {
            throw new BadEvent("field '" + field + "' is longer than " + max + " chars");
        }
        return value.asText();
    }

    /** Absent figures default to 0 (control links carry none); present ones must be in range. */
    private static double number(JsonNode node, String field, double min, double max) {
        JsonNode value = node.path(field);
        if (value.isMissingNode() || value.isNull()) {
            return 0;
        }
        if (!value.isNumber()
                || !Double.isFinite(value.asDouble())
                || value.asDouble() < min
                || value.asDouble() > max) {
            throw new BadEvent("field '" + field + "' must be a number in [" + fmt(min) + ", " + fmt(max) + "]");
        }
        return value.asDouble();
    }

    private static String fmt(double d) {
        return d == Double.MAX_VALUE ? "inf" : d == -Double.MAX_VALUE ? "-inf" : Double.toString(d);
    }

    /** Error messages end up in logs and on screens: keep them short and printable. */
    static String sanitize(String s) {
        String cut = s.length() > 40 ? s.substring(0, 40) + "…" : s;
        return cut.replaceAll("[^\\p{Alnum} ._:-]", "?");
    }

    public ObjectNode toJson(TopologyEvent event) {
        ObjectNode n = mapper.createObjectNode();
        n.put("type", event.type());
        n.put("at", event.at());
        if (event instanceof PeerJoined e) {
            n.put("peerId", e.peerId())
                    .put("name", e.name())
                    .put("role", e.role().wireName());
        } else if (event instanceof PeerLeft e) {
            n.put("peerId", e.peerId());
        } else if (event instanceof RoleChanged e) {
            n.put("peerId", e.peerId()).put("role", e.role().wireName());
        } else if (event instanceof LeaderChanged e) {
            n.put("peerId", e.peerId());
        } else if (event instanceof LinkStats e) {
            n.put("from", e.from())
                    .put("to", e.to())
                    .put("kind", e.kind().wireName())
                    .put("bitrateKbps", e.bitrateKbps())
                    .put("rttMs", e.rttMs())
                    .put("lossPercent", e.lossPercent())
                    .put("jitterMs", e.jitterMs())
                    .put("latencyP50Ms", e.latencyP50Ms());
            if (!e.path().equals(LinkPath.UNKNOWN)) {
                pathJson(n.putObject("path"), e.path());
            }
        } else if (event instanceof LinkClosed e) {
            n.put("from", e.from()).put("to", e.to()).put("kind", e.kind().wireName());
        } else if (event instanceof PeerMetrics e) {
            n.put("peerId", e.peerId()).put("cpuPercent", e.cpuPercent()).put("electionPoints", e.electionPoints());
        } else if (event instanceof CallStateChanged e) {
            n.put("peerId", e.peerId())
                    .put("audio", e.audio().wireName())
                    .put("video", e.video().wireName())
                    .put("screen", e.screen().wireName());
        } else if (event instanceof ElectionFinished e) {
            n.put("number", e.number());
            ArrayNode mixers = n.putArray("mixers");
            e.mixers().forEach(mixers::add);
            ObjectNode assignment = n.putObject("assignment");
            e.assignment().forEach(assignment::put);
            n.put("trigger", e.trigger());
        }
        return n;
    }

    /** A link's path as JSON, for events and exports alike. */
    public static ObjectNode pathJson(ObjectNode into, LinkPath path) {
        return into.put("from", path.fromCandidate())
                .put("to", path.toCandidate())
                .put("protocol", path.protocol())
                .put("state", path.state());
    }

    public String encode(TopologyEvent event) {
        try {
            return mapper.writeValueAsString(toJson(event));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot serialize a tree we just built", e);
        }
    }

    /** Convenience for callers that only care about the good events. */
    public Optional<TopologyEvent> decodeOrEmpty(String json) {
        return decode(json) instanceof DecodeResult.Accepted a ? Optional.of(a.event()) : Optional.empty();
    }

    private static final class BadEvent extends RuntimeException {
        BadEvent(String message) {
            super(message, null, false, false);
        }
    }
}
