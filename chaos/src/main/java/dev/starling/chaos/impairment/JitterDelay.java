package dev.starling.chaos.impairment;

import dev.starling.chaos.scenario.Distribution;
import java.time.Duration;
import java.util.Optional;
import java.util.random.RandomGenerator;

/**
 * netem's delay: time +/- jitter. Without a distribution the jitter is uniform over
 * [time - jitter, time + jitter); with one it is time + jitter x standardized shape, so jitter is
 * the standard deviation. Negative results are clamped to zero, a packet cannot leave early.
 */
public final class JitterDelay {
    private final long timeNanos;
    private final long jitterNanos;
    private final CorrelatedUniform uniform;
    private final DistributionTable table;

    public JitterDelay(
            Duration time,
            Duration jitter,
            double correlationPercent,
            Optional<Distribution> distribution,
            RandomGenerator random) {
        this.timeNanos = time.toNanos();
        this.jitterNanos = jitter.toNanos();
        this.uniform = new CorrelatedUniform(random, correlationPercent);
        this.table = distribution
                .filter(d -> d != Distribution.UNIFORM)
                .map(DistributionTable::of)
                .orElse(null);
    }

    public long nextDelayNanos() {
        if (jitterNanos == 0) return timeNanos;
        double u = uniform.next();
        double offset = table == null ? (2 * u - 1) * jitterNanos : table.at(u) * jitterNanos;
        return Math.max(0, timeNanos + Math.round(offset));
    }
}
