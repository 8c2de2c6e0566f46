package dev.starling.visualizer.event;

import java.util.Objects;

/**
 * Latest figures for the directed link {@code from -> to}. The first LinkStats for a pair opens
 * the link; control links may report zeros for the media figures.
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
        double latencyP50Ms)
        implements TopologyEvent {
    public LinkStats {
        Objects.requireNonNull(from, "from");
        Objects.requireNonNull(to, "to");
        Objects.requireNonNull(kind, "kind");
    }
}
