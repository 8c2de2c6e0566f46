package dev.starling.visualizer.export;

import static org.jgrapht.nio.DefaultAttribute.createAttribute;

import dev.starling.visualizer.event.LinkKind;
import dev.starling.visualizer.event.Role;
import dev.starling.visualizer.model.Link;
import dev.starling.visualizer.model.Peer;
import dev.starling.visualizer.model.TopologySnapshot;
import java.io.StringWriter;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import org.jgrapht.nio.Attribute;
import org.jgrapht.nio.DefaultAttribute;
import org.jgrapht.nio.dot.DOTExporter;

/**
 * Graphviz export via JGraphT's DOTExporter. Vertex ids are generated ("p0", "p1", ...) because
 * peer ids are arbitrary strings and DOTExporter refuses ids that are not valid DOT identifiers;
 * the real id travels in the {@code peer_id} attribute. Positions are emitted as {@code pos="x,y!"}
 * so {@code neato -n} reproduces the JSON/SVG layout.
 */
public final class DotExport {

    public String export(TopologySnapshot snapshot, Map<String, Point> layout) {
        Map<Peer, String> ids = new HashMap<>();
        for (Peer p : snapshot.graph().vertexSet()) {
            ids.put(p, "p" + ids.size());
        }
        DOTExporter<Peer, Link> exporter = new DOTExporter<>(ids::get);
        exporter.setGraphIdProvider(() -> "starling");
        exporter.setGraphAttributeProvider(() -> {
            Map<String, Attribute> a = new LinkedHashMap<>();
            // DOTExporter prints graph attributes raw (unlike vertex/edge ones): quote them here.
            a.put("label", createAttribute(TextSafety.dotQuoted("Starling topology at " + snapshot.at())));
            a.put("overlap", createAttribute("false"));
            return a;
        });
        exporter.setVertexAttributeProvider(p -> vertexAttributes(p, layout.get(p.id())));
        exporter.setEdgeAttributeProvider(DotExport::edgeAttributes);
        StringWriter out = new StringWriter();
        exporter.exportGraph(snapshot.graph(), out);
        return out.toString();
    }

    private static Map<String, Attribute> vertexAttributes(Peer p, Point at) {
        Map<String, Attribute> a = new LinkedHashMap<>();
        String label = TextSafety.shorten(p.name(), 40) + "\n" + p.role().wireName() + (p.leader() ? " (leader)" : "");
        a.put("label", text(label));
        a.put("tooltip", text(p.name()));
        a.put("peer_id", text(p.id()));
        a.put("role", text(p.role().wireName()));
        a.put("leader", DefaultAttribute.createAttribute(p.leader()));
        a.put("cpu_percent", DefaultAttribute.createAttribute(p.cpuPercent()));
        a.put("election_points", DefaultAttribute.createAttribute(p.electionPoints()));
        a.put("shape", createAttribute(p.role() == Role.MIXER ? "doublecircle" : "circle"));
        a.put("style", createAttribute("filled"));
        a.put("fillcolor", createAttribute(LinkStyle.fill(p.role())));
        a.put("fontcolor", createAttribute("white"));
        a.put("color", createAttribute(p.leader() ? "#ffb300" : "#263238"));
        a.put("penwidth", createAttribute(p.leader() ? 4 : 1));
        if (at != null) {
            a.put("pos", createAttribute(LinkStyle.num(at.x()) + "," + LinkStyle.num(-at.y()) + "!"));
        }
        return a;
    }

    private static Map<String, Attribute> edgeAttributes(Link l) {
        Map<String, Attribute> a = new LinkedHashMap<>();
        a.put("kind", createAttribute(l.kind().wireName()));
        a.put("label", text(LinkStyle.figures(l)));
        a.put("color", createAttribute(LinkStyle.colour(l)));
        a.put("penwidth", createAttribute(LinkStyle.num(LinkStyle.width(l))));
        a.put(
                "style",
                createAttribute(
                        l.kind() == LinkKind.CONTROL ? "dashed" : l.path().relayed() ? "dotted" : "solid"));
        l.path().route().ifPresent(route -> a.put("ice", text(route)));
        if (!l.path().state().isEmpty()) {
            a.put("state", createAttribute(l.path().state()));
        }
        a.put("bitrate_kbps", DefaultAttribute.createAttribute(l.bitrateKbps()));
        a.put("rtt_ms", DefaultAttribute.createAttribute(l.rttMs()));
        a.put("loss_percent", DefaultAttribute.createAttribute(l.lossPercent()));
        a.put("jitter_ms", DefaultAttribute.createAttribute(l.jitterMs()));
        a.put("latency_p50_ms", DefaultAttribute.createAttribute(l.latencyP50Ms()));
        return a;
    }

    private static Attribute text(String untrusted) {
        return createAttribute(TextSafety.dot(untrusted));
    }
}
