package dev.starling.node.election;

/** Relative weights of the three criteria in {@link BalancedScoring}; only their ratios matter. */
public record ScoringWeights(double bitrate, double encode, double throughput) {

    public static final ScoringWeights EQUAL = new ScoringWeights(1, 1, 1);

    public ScoringWeights {
        for (double w : new double[] {bitrate, encode, throughput}) {
            if (!Double.isFinite(w) || w < 0) {
                throw new IllegalArgumentException("weights must be finite and >= 0: " + w);
            }
        }
        if (bitrate + encode + throughput <= 0) {
            throw new IllegalArgumentException("at least one weight must be positive");
        }
    }

    double sum() {
        return bitrate + encode + throughput;
    }
}
