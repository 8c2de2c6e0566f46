package dev.starling.visualizer.event;

import java.util.Objects;

public record LinkClosed(long at, String from, String to, LinkKind kind) implements TopologyEvent {
    public LinkClosed {
        Objects.requireNonNull(from, "from");
        Objects.requireNonNull(to, "to");
        Objects.requireNonNull(kind, "kind");
    }
}
