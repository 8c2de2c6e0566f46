package dev.starling.node.metrics;

import java.util.Map;

/**
 * A snapshot of a {@link LatencyHistogram}; all figures in milliseconds.
 *
 * @param buckets non-empty histogram buckets ({@link LatencyHistogram#BUCKET_MS} wide) by index, so a
 *     client that takes two snapshots can compute the distribution of the samples in between
 *     (the chaos runner's per-scenario latency)
 */
public record LatencySummary(
        double p50, double p95, double max, double min, double mean, long count, Map<Integer, Long> buckets) {
    public static final LatencySummary EMPTY =
            new LatencySummary(Double.NaN, Double.NaN, Double.NaN, Double.NaN, Double.NaN, 0);

    public LatencySummary {
        buckets = Map.copyOf(buckets);
    }

    public LatencySummary(double p50, double p95, double max, double min, double mean, long count) {
        this(p50, p95, max, min, mean, count, Map.of());
    }
}
