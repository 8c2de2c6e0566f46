package dev.starling.visualizer.event;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Result of mixer election round {@code number}. {@code assignment} maps each client peer to the
 * mixer it sends to; an empty {@code mixers} list means the room went back to full mesh.
 * {@code trigger} is free text from the node (e.g. "peer-joined", "mixer-overloaded").
 */
public record ElectionFinished(
        long at, long number, List<String> mixers, Map<String, String> assignment, String trigger)
        implements TopologyEvent {
    public ElectionFinished {
        mixers = List.copyOf(mixers);
        // LinkedHashMap keeps the node's order so exports are stable; nulls are rejected like Map.copyOf would.
        assignment.forEach((k, v) -> Objects.requireNonNull(v, "assignment of " + k));
        assignment = Collections.unmodifiableMap(new LinkedHashMap<>(assignment));
        Objects.requireNonNull(trigger, "trigger");
    }
}
