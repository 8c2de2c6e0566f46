package dev.starling.visualizer.export;

import dev.starling.visualizer.event.LinkKind;
import dev.starling.visualizer.event.Role;
import dev.starling.visualizer.model.Link;

/**
 * One place for the visual encoding, shared by DOT and SVG (the web view mirrors it in app.js):
 * width grows with bitrate on a log scale, colour goes green/amber/red with loss, red while the
 * link is reconnecting; control links are dashed and relayed (TURN) media links dotted.
 */
final class LinkStyle {

    static final String CONTROL = "#9aa0a6";
    static final String OK = "#2e7d32";
    static final String WARN = "#f9a825";
    static final String BAD = "#c62828";
    static final java.util.List<String> COLOURS = java.util.List.of(CONTROL, OK, WARN, BAD);

    private LinkStyle() {}

    static double width(Link l) {
        if (l.kind() == LinkKind.CONTROL) {
            return 1;
        }
        return Math.min(8, 1 + Math.log(1 + l.bitrateKbps() / 250) / Math.log(2));
    }

    static String colour(Link l) {
        if (l.kind() == LinkKind.CONTROL) {
            return CONTROL;
        }
        if (l.path().reconnecting()) {
            return BAD;
        }
        if (l.lossPercent() < 1) {
            return OK;
        }
        return l.lossPercent() < 5 ? WARN : BAD;
    }

    /** The SVG dash pattern, or empty for a solid line. */
    static String dashes(Link l) {
        if (l.kind() == LinkKind.CONTROL) {
            return "4 3";
        }
        return l.path().relayed() ? "1 3" : "";
    }

    static String fill(Role role) {
        return switch (role) {
            case MIXER -> "#6a1b9a";
            case CLIENT -> "#1565c0";
            case MESH -> "#00838f";
        };
    }

    static String figures(Link l) {
        if (l.kind() == LinkKind.CONTROL) {
            return "control rtt " + num(l.rttMs()) + " ms";
        }
        String path = l.path().route().map(r -> ", " + r).orElse("")
                + (l.path().state().isEmpty() || "connected".equals(l.path().state())
                        ? ""
                        : ", " + l.path().state());
        return num(l.bitrateKbps()) + " kbps, loss " + num(l.lossPercent()) + "%, rtt " + num(l.rttMs())
                + " ms, jitter " + num(l.jitterMs()) + " ms, p50 " + num(l.latencyP50Ms()) + " ms" + path;
    }

    static String num(double d) {
        if (d == Math.rint(d) && Math.abs(d) < 1e15) {
            return Long.toString((long) d);
        }
        return String.format(java.util.Locale.ROOT, "%.2f", d);
    }
}
