package dev.starling.visualizer.model;

import dev.starling.visualizer.event.LinkKind;
import dev.starling.visualizer.event.LinkPath;

/** An edge of the topology snapshot with the latest figures reported for it. */
public record Link(
        String from,
        String to,
        LinkKind kind,
        double bitrateKbps,
        double rttMs,
        double lossPercent,
        double jitterMs,
        double latencyP50Ms,
        LinkPath path,
        long updatedAt) {

    public LinkKey key() {
        return new LinkKey(from, to, kind);
    }

    /** Stable identifier for exports and the web view (peer ids may contain any character). */
    public String id() {
        return kind.wireName() + ":" + from + "->" + to;
    }
}
