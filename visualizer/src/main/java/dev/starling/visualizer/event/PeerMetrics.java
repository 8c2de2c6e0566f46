package dev.starling.visualizer.event;

import java.util.Objects;

public record PeerMetrics(long at, String peerId, double cpuPercent, double electionPoints) implements TopologyEvent {
    public PeerMetrics {
        Objects.requireNonNull(peerId, "peerId");
    }
}
