package dev.starling.chaos.impairment;

import java.util.random.RandomGenerator;

/**
 * netem's "correlated random": each draw is a weighted average of a fresh uniform value and the
 * previous draw, weight = correlation. It keeps the mean at 1/2 and makes consecutive values
 * similar; it also narrows the spread (variance x (1-c)/(1+c)), which is why netem's own docs call
 * it an approximation. Used for delay jitter, where that is what Pumba users get on Linux.
 */
final class CorrelatedUniform {
    private final RandomGenerator random;
    private final double correlation;
    private double last;

    CorrelatedUniform(RandomGenerator random, double correlationPercent) {
        this.random = random;
        this.correlation = correlationPercent / 100.0;
        this.last = random.nextDouble();
    }

    /** A value in [0, 1). */
    double next() {
        double fresh = random.nextDouble();
        if (correlation == 0) return fresh;
        last = (1 - correlation) * fresh + correlation * last;
        return last;
    }
}
