package dev.starling.node.metrics;

/** A snapshot of a {@link LatencyHistogram}; all figures in milliseconds. */
public record LatencySummary(double p50, double p95, double max, double min, double mean, long count) {
    public static final LatencySummary EMPTY = new LatencySummary(Double.NaN, Double.NaN, Double.NaN, Double.NaN, Double.NaN, 0);
}
