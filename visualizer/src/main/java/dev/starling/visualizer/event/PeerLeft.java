package dev.starling.visualizer.event;

import java.util.Objects;

public record PeerLeft(long at, String peerId) implements TopologyEvent {
    public PeerLeft {
        Objects.requireNonNull(peerId, "peerId");
    }
}
