package dev.starling.visualizer.event;

import java.util.Objects;

/**
 * Latest figures for the directed link {@code from -> to}. The first LinkStats for a pair opens
 * the link; control links may report zeros for the media figures and an unknown path.
 */
public record LinkStats(
        long at,
        String from,
        String to,
        LinkKind kind,
        double bitrateKbps,
        double rttMs,
        double lossPercent,
        double jitterMs,
        double latencyP50Ms,
        LinkPath path)
        implements TopologyEvent {
    public LinkStats {
        Objects.requireNonNull(from, "from");
        Objects.requireNonNull(to, "to");
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(path, "path");
    }

    /** Figures without a path (control links, and media links before ICE chose one). */
    public LinkStats(
            long at,
            String from,
            String to,
            LinkKind kind,
            double bitrateKbps,
            double rttMs,
            double lossPercent,
            double jitterMs,
            double latencyP50Ms) {
        this(at, from, to, kind, bitrateKbps, rttMs, lossPercent, jitterMs, latencyP50Ms, LinkPath.UNKNOWN);
    }
}
