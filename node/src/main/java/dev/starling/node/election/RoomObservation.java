package dev.starling.node.election;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.OptionalInt;
import java.util.Set;

/**
 * What the leader knows about the room at one instant, for {@link ElectionTriggers}.
 *
 * @param members current room view, including the leader
 * @param mixers mixers of the adopted election, best first; empty while in mesh
 * @param troubledPeers peers whose upload is currently limited by bandwidth, or whose encode time
 *     is over budget
 * @param operatorMixers mixers requested by {@code POST /api/election}, if a request is pending
 * @param scores latest capability score per peer (e.g. from the balanced policy over fresh
 *     metrics); may be empty, which disables the periodic comparison
 */
public record RoomObservation(
        Instant now,
        Set<String> members,
        List<String> mixers,
        Set<String> troubledPeers,
        OptionalInt operatorMixers,
        Map<String, Double> scores) {

    public RoomObservation {
        Objects.requireNonNull(now);
        members = Set.copyOf(members);
        mixers = List.copyOf(mixers);
        troubledPeers = Set.copyOf(troubledPeers);
        Objects.requireNonNull(operatorMixers);
        scores = Map.copyOf(scores);
    }
}
