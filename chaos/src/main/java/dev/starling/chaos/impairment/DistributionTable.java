package dev.starling.chaos.impairment;

import dev.starling.chaos.scenario.Distribution;

/**
 * Like netem, non-uniform jitter comes from a lookup table: evenly spaced quantiles of a shape
 * with mean 0 and standard deviation 1, indexed by a (possibly correlated) uniform value. delay =
 * time + jitter x table[u]. Tables here are computed at start-up rather than shipped as data.
 */
final class DistributionTable {
    static final int SIZE = 4096;
    private static final double PARETO_ALPHA = 3.0; // the shape netem's pareto table uses; finite variance
    private final double[] values;

    private DistributionTable(double[] values) {
        this.values = values;
    }

    static DistributionTable of(Distribution d) {
        return switch (d) {
            case UNIFORM -> throw new IllegalArgumentException("uniform jitter needs no table");
            case NORMAL -> new DistributionTable(standardized(normalQuantiles()));
            case PARETO -> new DistributionTable(standardized(paretoQuantiles()));
            // A pareto body softened by a quarter of normal shape, quantile by quantile.
            case PARETONORMAL -> {
                double[] n = standardized(normalQuantiles());
                double[] p = standardized(paretoQuantiles());
                double[] mix = new double[SIZE];
                for (int i = 0; i < SIZE; i++) mix[i] = 0.25 * n[i] + 0.75 * p[i];
                yield new DistributionTable(standardized(mix));
            }
        };
    }

    /** Value for a uniform u in [0, 1). */
    double at(double u) {
        int i = (int) (u * SIZE);
        return values[Math.min(SIZE - 1, Math.max(0, i))];
    }

    private static double[] paretoQuantiles() {
        double[] q = new double[SIZE];
        for (int i = 0; i < SIZE; i++) {
            double p = (i + 0.5) / SIZE;
            q[i] = Math.pow(1 - p, -1 / PARETO_ALPHA); // inverse CDF with scale 1
        }
        return q;
    }

    /** Inverts the normal CDF numerically (trapezoid integration of the density on a fine grid). */
    private static double[] normalQuantiles() {
        int steps = 16_000;
        double lo = -8, hi = 8, h = (hi - lo) / steps;
        double[] cdf = new double[steps + 1];
        for (int k = 1; k <= steps; k++) {
            double a = lo + (k - 1) * h, b = lo + k * h;
            cdf[k] = cdf[k - 1] + h * (density(a) + density(b)) / 2;
        }
        double total = cdf[steps];
        double[] q = new double[SIZE];
        int k = 0;
        for (int i = 0; i < SIZE; i++) {
            double target = (i + 0.5) / SIZE * total;
            while (cdf[k + 1] < target) k++;
            double frac = (target - cdf[k]) / (cdf[k + 1] - cdf[k]);
            q[i] = lo + (k + frac) * h;
        }
        return q;
    }

    private static double density(double x) {
        return Math.exp(-x * x / 2) / Math.sqrt(2 * Math.PI);
    }

    /** Shift and scale so the table itself has mean 0 and deviation 1 (the tail is truncated). */
    private static double[] standardized(double[] v) {
        double mean = 0;
        for (double x : v) mean += x;
        mean /= v.length;
        double var = 0;
        for (double x : v) var += (x - mean) * (x - mean);
        double sd = Math.sqrt(var / v.length);
        double[] out = new double[v.length];
        for (int i = 0; i < v.length; i++) out[i] = (v[i] - mean) / sd;
        return out;
    }
}
