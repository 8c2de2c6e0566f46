package dev.starling.visualizer.event;

import java.util.Objects;

public record RoleChanged(long at, String peerId, Role role) implements TopologyEvent {
    public RoleChanged {
        Objects.requireNonNull(peerId, "peerId");
        Objects.requireNonNull(role, "role");
    }
}
