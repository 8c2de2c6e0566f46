package dev.starling.node.election;

import java.util.List;

/**
 * Turns the capabilities one peer measured into points for every candidate.
 *
 * <p>Implementations must be pure and deterministic: the same inputs give bit-identical points, so
 * that the points messages every peer gossips can be compared.
 */
public interface ScoringPolicy {

    /** The name carried in {@code ElectionStart.policy} and shown by {@code GET /api/election}. */
    String name();

    /** Points for every peer in {@code peers}, in ascending peer-id order. */
    List<Points> score(List<PeerCapability> peers);

    /** Resolves a policy name from the wire; unknown or empty names fall back to balanced. */
    static ScoringPolicy forName(String name, ScoringWeights balancedWeights) {
        if (SeedScoring.NAME.equals(name)) {
            return new SeedScoring();
        }
        return new BalancedScoring(balancedWeights);
    }
}
