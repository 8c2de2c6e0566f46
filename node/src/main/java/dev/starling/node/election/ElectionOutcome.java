package dev.starling.node.election;

import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;

/**
 * The result of an election: what {@code ElectionResult} carries, plus the local ranking when it
 * was computed here (a result received from the leader has an empty ranking).
 *
 * @param mixers ranked, best first
 * @param assignment non-mixer id to its mixer
 * @param backups non-mixer id to the mixer it falls back to; empty with one mixer (mesh fallback)
 */
public record ElectionOutcome(
        long number,
        String leader,
        String policy,
        List<String> mixers,
        Map<String, String> assignment,
        Map<String, String> backups,
        List<RankedPeer> ranking) {

    public ElectionOutcome {
        Objects.requireNonNull(leader, "leader");
        Objects.requireNonNull(policy, "policy");
        mixers = List.copyOf(mixers);
        assignment = java.util.Collections.unmodifiableMap(new TreeMap<>(assignment));
        backups = java.util.Collections.unmodifiableMap(new TreeMap<>(backups));
        ranking = List.copyOf(ranking);
    }

    /** The role a peer has under this outcome: "mixer", "client", or "mesh" if it was not placed. */
    public String roleOf(String peer) {
        if (mixers.contains(peer)) {
            return "mixer";
        }
        return assignment.containsKey(peer) ? "client" : "mesh";
    }
}
