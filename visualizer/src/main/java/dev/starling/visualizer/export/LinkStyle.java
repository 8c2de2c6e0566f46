package dev.starling.visualizer.export;

import dev.starling.visualizer.event.LinkKind;
import dev.starling.visualizer.event.Role;
import dev.starling.visualizer.model.Link;

/**
 * One place for the visual encoding, shared by DOT and SVG (the web view mirrors it in app.js):
 * width grows with bitrate on a log scale, colour goes green/amber/red with loss.
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
        if (l.lossPercent() < 1) {
            return OK;
        }
        return l.lossPercent() < 5 ? WARN : BAD;
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
        return num(l.bitrateKbps()) + " kbps, loss " + num(l.lossPercent()) + "%, rtt " + num(l.rttMs())
                + " ms, jitter " + num(l.jitterMs()) + " ms, p50 " + num(l.latencyP50Ms()) + " ms";
    }

    static String num(double d) {
        if (d == Math.rint(d) && Math.abs(d) < 1e15) {
            return Long.toString((long) d);
        }
        return String.format(java.util.Locale.ROOT, "%.2f", d);
    }
}
