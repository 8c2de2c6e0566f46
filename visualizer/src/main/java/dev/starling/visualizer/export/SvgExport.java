package dev.starling.visualizer.export;

import static dev.starling.visualizer.export.TextSafety.xml;

import dev.starling.visualizer.event.Role;
import dev.starling.visualizer.model.Link;
import dev.starling.visualizer.model.Peer;
import dev.starling.visualizer.model.TopologySnapshot;
import java.util.Map;

/**
 * Static SVG picture for reports. Written by hand (no Batik): the drawing is a handful of
 * circles, lines and labels, and owning the text generation means every untrusted string goes
 * through {@link TextSafety#xml} at exactly one place per element.
 */
public final class SvgExport {

    private static final double NODE_R = 16;
    private static final double MIXER_R = 24;
    private static final double MARGIN = 120;

    public String export(TopologySnapshot snapshot, Map<String, Point> layout) {
        double minX = 0, minY = 0, maxX = 0, maxY = 0;
        for (Point p : layout.values()) {
            minX = Math.min(minX, p.x());
            minY = Math.min(minY, p.y());
            maxX = Math.max(maxX, p.x());
            maxY = Math.max(maxY, p.y());
        }
        double x0 = minX - MARGIN, y0 = minY - MARGIN, w = maxX - minX + 2 * MARGIN, h = maxY - minY + 2 * MARGIN;

        StringBuilder s = new StringBuilder(4096);
        s.append("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n")
                .append("<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"")
                .append(n(x0))
                .append(' ')
                .append(n(y0))
                .append(' ')
                .append(n(w))
                .append(' ')
                .append(n(h))
                .append("\" width=\"")
                .append(n(w))
                .append("\" height=\"")
                .append(n(h))
                .append("\" font-family=\"sans-serif\" font-size=\"11\">\n")
                .append("<title>")
                .append(xml("Starling topology at " + snapshot.at()))
                .append("</title>\n")
                .append(markers())
                .append("<rect x=\"")
                .append(n(x0))
                .append("\" y=\"")
                .append(n(y0))
                .append("\" width=\"")
                .append(n(w))
                .append("\" height=\"")
                .append(n(h))
                .append("\" fill=\"#fafafa\"/>\n");

        s.append("<g class=\"links\">\n");
        for (Link l : snapshot.graph().edgeSet()) {
            appendLink(s, l, layout.get(l.from()), layout.get(l.to()), radius(snapshot, l.to()));
        }
        s.append("</g>\n<g class=\"peers\">\n");
        for (Peer p : snapshot.graph().vertexSet()) {
            appendPeer(s, p, layout.get(p.id()));
        }
        s.append("</g>\n</svg>\n");
        return s.toString();
    }

    private static double radius(TopologySnapshot snapshot, String peerId) {
        return snapshot.peer(peerId)
                .map(p -> p.role() == Role.MIXER ? MIXER_R : NODE_R)
                .orElse(NODE_R);
    }

    private static void appendLink(StringBuilder s, Link l, Point a, Point b, double targetRadius) {
        if (a == null || b == null) {
            return;
        }
        double dx = b.x() - a.x(), dy = b.y() - a.y();
        double len = Math.max(1e-9, Math.hypot(dx, dy));
        // Stop short of the target circle so the arrow head stays visible; offset the two
        // directions of a pair sideways so a->b and b->a do not draw on top of each other.
        double ox = -dy / len * 3, oy = dx / len * 3;
        double ex = b.x() - dx / len * (targetRadius + 2), ey = b.y() - dy / len * (targetRadius + 2);
        s.append("<line class=\"link ")
                .append(l.kind().wireName())
                .append("\" x1=\"")
                .append(n(a.x() + ox))
                .append("\" y1=\"")
                .append(n(a.y() + oy))
                .append("\" x2=\"")
                .append(n(ex + ox))
                .append("\" y2=\"")
                .append(n(ey + oy))
                .append("\" stroke=\"")
                .append(LinkStyle.colour(l))
                .append("\" stroke-width=\"")
                .append(n(LinkStyle.width(l)))
                .append('"');
        if (!LinkStyle.dashes(l).isEmpty()) {
            s.append(" stroke-dasharray=\"").append(LinkStyle.dashes(l)).append('"');
        }
        s.append(" marker-end=\"url(#")
                .append(markerId(LinkStyle.colour(l)))
                .append(")\"><title>")
                .append(xml(l.from() + " → " + l.to() + ": " + LinkStyle.figures(l)))
                .append("</title></line>\n");
    }

    private static void appendPeer(StringBuilder s, Peer p, Point at) {
        if (at == null) {
            return;
        }
        double r = p.role() == Role.MIXER ? MIXER_R : NODE_R;
        s.append("<g class=\"peer ")
                .append(p.role().wireName())
                .append(p.leader() ? " leader" : "")
                .append("\" data-peer-id=\"")
                .append(xml(p.id()))
                .append("\">")
                .append("<title>")
                .append(xml(p.name() + " (" + p.role().wireName() + (p.leader() ? ", leader" : "") + ", cpu "
                        + LinkStyle.num(p.cpuPercent()) + "%, points " + LinkStyle.num(p.electionPoints()) + ")"))
                .append("</title>")
                .append("<circle cx=\"")
                .append(n(at.x()))
                .append("\" cy=\"")
                .append(n(at.y()))
                .append("\" r=\"")
                .append(n(r))
                .append("\" fill=\"")
                .append(LinkStyle.fill(p.role()))
                .append("\" stroke=\"")
                .append(p.leader() ? "#ffb300" : "#263238")
                .append("\" stroke-width=\"")
                .append(p.leader() ? 5 : 1)
                .append("\"/>");
        if (p.leader()) {
            s.append("<text x=\"")
                    .append(n(at.x()))
                    .append("\" y=\"")
                    .append(n(at.y() + 4))
                    .append("\" text-anchor=\"middle\" fill=\"#ffb300\" font-size=\"14\">★</text>");
        }
        s.append("<text x=\"")
                .append(n(at.x()))
                .append("\" y=\"")
                .append(n(at.y() + r + 13))
                .append("\" text-anchor=\"middle\">")
                .append(xml(TextSafety.shorten(p.name(), 24)))
                .append("</text>")
                .append("</g>\n");
    }

    /**
     * One arrow head per link colour, sized in user units so thick links do not get huge heads.
     * (SVG 2's fill="context-stroke" would need only one, but report tools such as rsvg and
     * Inkscape do not all support it.)
     */
    private static String markers() {
        StringBuilder b = new StringBuilder("<defs>");
        for (String colour : LinkStyle.COLOURS) {
            b.append("<marker id=\"")
                    .append(markerId(colour))
                    .append("\" viewBox=\"0 0 10 10\" refX=\"10\" refY=\"5\"")
                    .append(" markerUnits=\"userSpaceOnUse\" markerWidth=\"10\" markerHeight=\"10\" orient=\"auto\">")
                    .append("<path d=\"M0,0 L10,5 L0,10 z\" fill=\"")
                    .append(colour)
                    .append("\"/></marker>");
        }
        return b.append("</defs>\n").toString();
    }

    private static String markerId(String colour) {
        return "arrow-" + colour.substring(1);
    }

    private static String n(double d) {
        return LinkStyle.num(d);
    }
}
