package dev.starling.node.election;

import java.time.Duration;
import java.util.Objects;

/**
 * Bounds of one election. The seed waits for 5 metrics reports (20 s each) before it trusts a
 * peer's average bitrate; here that wait is bounded by {@code metricsWait} so an election cannot
 * be postponed forever by a peer that never reports.
 *
 * @param minReports metrics reports a peer needs before it is scored (seed: 5)
 * @param metricsWait how long to wait for missing reports before scoring without those peers
 * @param probeTimeout how long to wait for probe responses; silent peers are not scored
 * @param pointsTimeout how long to wait for points messages; silent peers are not candidates
 * @param resultTimeout how long a non-leader waits for the leader's result before reporting it
 * @param balancedWeights weights used when the balanced policy is selected
 * @param candidate whether this node stands as a mixer; a node that does not is still probed,
 *     still scores the others and is a client of the elected mixers
 */
public record ElectionConfig(
        int minReports,
        Duration metricsWait,
        Duration probeTimeout,
        Duration pointsTimeout,
        Duration resultTimeout,
        ScoringWeights balancedWeights,
        boolean candidate) {

    public ElectionConfig {
        if (minReports < 0) {
            throw new IllegalArgumentException("minReports must be >= 0");
        }
        for (Duration d : new Duration[] {metricsWait, probeTimeout, pointsTimeout, resultTimeout}) {
            if (Objects.requireNonNull(d).isNegative()) {
                throw new IllegalArgumentException("durations must be >= 0");
            }
        }
        Objects.requireNonNull(balancedWeights, "balancedWeights");
    }

    public static ElectionConfig defaults() {
        return new ElectionConfig(
                5,
                Duration.ofSeconds(30),
                Duration.ofSeconds(5),
                Duration.ofSeconds(3),
                Duration.ofSeconds(3),
                ScoringWeights.EQUAL,
                true);
    }

    public ElectionConfig withCandidacy(boolean stands) {
        return new ElectionConfig(
                minReports, metricsWait, probeTimeout, pointsTimeout, resultTimeout, balancedWeights, stands);
    }
}
