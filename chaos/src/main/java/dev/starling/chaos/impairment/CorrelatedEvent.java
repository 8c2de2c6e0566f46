package dev.starling.chaos.impairment;

import java.util.random.RandomGenerator;

/**
 * A yes/no event (lose, duplicate, corrupt, reorder) happening with a given probability, where
 * correlation c makes outcomes stick: after a "yes" the next is "yes" with p + c(1-p), after a
 * "no" with p(1-c). Unlike netem's averaged random value, this keeps the long-run rate at exactly
 * p, so "loss 2% 25%" loses 2% of packets in longer bursts (mean burst 1/((1-c)(1-p))). On real
 * netem the same parameters lose noticeably fewer packets; the report notes that difference.
 */
final class CorrelatedEvent {
    private final RandomGenerator random;
    private final double probability;
    private final double correlation;
    private boolean last;

    CorrelatedEvent(RandomGenerator random, double percent, double correlationPercent) {
        this.random = random;
        this.probability = percent / 100.0;
        this.correlation = correlationPercent / 100.0;
    }

    boolean next() {
        double p = last ? probability + correlation * (1 - probability) : probability * (1 - correlation);
        last = random.nextDouble() < p;
        return last;
    }
}
