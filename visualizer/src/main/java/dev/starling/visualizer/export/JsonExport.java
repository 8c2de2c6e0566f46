package dev.starling.visualizer.export;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.SerializableString;
import com.fasterxml.jackson.core.io.CharacterEscapes;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.starling.visualizer.event.EventJson;
import dev.starling.visualizer.model.Link;
import dev.starling.visualizer.model.Peer;
import dev.starling.visualizer.model.TopologySnapshot;
import java.util.Map;

/**
 * The JSON the web view loads: {@code {at, leader, nodes:[...], edges:[...], elections:[...]}}.
 * Elections use the same shape as the ElectionFinished stream event so the page has one parser.
 * {@code < > &} are written as \\u escapes so the document stays inert even if someone embeds it
 * in HTML or a browser sniffs it; parsers see the original characters.
 */
public final class JsonExport {

    private final ObjectMapper mapper;
    private final EventJson events;

    public JsonExport(ObjectMapper mapper) {
        this.mapper = mapper;
        this.events = new EventJson(mapper);
    }

    public JsonExport() {
        this(new ObjectMapper());
    }

    public ObjectNode toTree(TopologySnapshot snapshot, Map<String, Point> layout) {
        ObjectNode root = mapper.createObjectNode();
        root.put("at", snapshot.at());
        root.put("leader", snapshot.leader().map(Peer::id).orElse(null));
        ArrayNode nodes = root.putArray("nodes");
        for (Peer p : snapshot.graph().vertexSet()) {
            ObjectNode n = nodes.addObject();
            n.put("id", p.id())
                    .put("name", p.name())
                    .put("role", p.role().wireName())
                    .put("leader", p.leader())
                    .put("cpuPercent", p.cpuPercent())
                    .put("electionPoints", p.electionPoints())
                    .put("audio", p.audio().wireName())
                    .put("video", p.video().wireName())
                    .put("screen", p.screen().wireName());
            Point at = layout.get(p.id());
            if (at != null) {
                n.putObject("position").put("x", at.x()).put("y", at.y());
            }
        }
        ArrayNode edges = root.putArray("edges");
        for (Link l : snapshot.graph().edgeSet()) {
            ObjectNode edge = edges.addObject()
                    .put("id", l.id())
                    .put("source", l.from())
                    .put("target", l.to())
                    .put("kind", l.kind().wireName())
                    .put("bitrateKbps", l.bitrateKbps())
                    .put("rttMs", l.rttMs())
                    .put("lossPercent", l.lossPercent())
                    .put("jitterMs", l.jitterMs())
                    .put("latencyP50Ms", l.latencyP50Ms())
                    .put("updatedAt", l.updatedAt());
            EventJson.pathJson(edge.putObject("path"), l.path());
        }
        ArrayNode elections = root.putArray("elections");
        snapshot.elections().forEach(e -> elections.add(events.toJson(e)));
        return root;
    }

    public String export(TopologySnapshot snapshot, Map<String, Point> layout) {
        try {
            return mapper.writer().with(new HtmlInertEscapes()).writeValueAsString(toTree(snapshot, layout));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot serialize a tree we just built", e);
        }
    }

    private static final class HtmlInertEscapes extends CharacterEscapes {
        private static final long serialVersionUID = 1L;
        private final int[] table;

        HtmlInertEscapes() {
            table = standardAsciiEscapesForJSON();
            table['<'] = ESCAPE_STANDARD;
            table['>'] = ESCAPE_STANDARD;
            table['&'] = ESCAPE_STANDARD;
        }

        @Override
        public int[] getEscapeCodesForAscii() {
            return table;
        }

        @Override
        public SerializableString getEscapeSequence(int ch) {
            return null;
        }
    }
}
