package dev.starling.visualizer.event;

import java.util.Objects;

public record PeerJoined(long at, String peerId, String name, Role role) implements TopologyEvent {
    public PeerJoined {
        Objects.requireNonNull(peerId, "peerId");
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(role, "role");
    }
}
