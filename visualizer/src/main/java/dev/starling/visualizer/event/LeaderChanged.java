package dev.starling.visualizer.event;

import java.util.Optional;

/** {@code peerId} is null while the room has no leader (e.g. between a leader leaving and a new vote). */
public record LeaderChanged(long at, String peerId) implements TopologyEvent {
    public Optional<String> leader() {
        return Optional.ofNullable(peerId);
    }
}
