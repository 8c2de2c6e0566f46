package dev.starling.node.metrics;

/**
 * One-way latency distribution with fixed memory: 0.5 ms buckets up to 5 s plus an overflow
 * count, so a link that runs for days costs the same as one that ran for a minute.
 * Thread-safe; sinks record from native callback threads while the API reads.
 */
public final class LatencyHistogram {
    public static final double BUCKET_MS = 0.5;
    private static final int BUCKETS = 10_000;

    private final long[] counts = new long[BUCKETS];
    private long overflow;
    private long count;
    private double max = Double.NEGATIVE_INFINITY;
    private double min = Double.POSITIVE_INFINITY;
    private double sum;

    /** Negative values (possible with clock-offset error) count in the first bucket but keep their true min. */
    public synchronized void record(double millis) {
        if (Double.isNaN(millis) || Double.isInfinite(millis)) {
            return;
        }
        int bucket = (int) Math.floor(Math.max(0, millis) / BUCKET_MS);
        if (bucket >= BUCKETS) {
            overflow++;
        } else {
            counts[bucket]++;
        }
        count++;
        sum += millis;
        max = Math.max(max, millis);
        min = Math.min(min, millis);
    }

    /** Starts over, e.g. once a topology change has settled and the steady state is what counts. */
    public synchronized void reset() {
        java.util.Arrays.fill(counts, 0);
        overflow = 0;
        count = 0;
        sum = 0;
        max = Double.NEGATIVE_INFINITY;
        min = Double.POSITIVE_INFINITY;
    }

    public synchronized LatencySummary summary() {
        if (count == 0) {
            return LatencySummary.EMPTY;
        }
        java.util.Map<Integer, Long> buckets = new java.util.TreeMap<>();
        for (int i = 0; i < BUCKETS; i++) {
            if (counts[i] > 0) {
                buckets.put(i, counts[i]);
            }
        }
        if (overflow > 0) {
            buckets.put(BUCKETS, overflow);
        }
        return new LatencySummary(percentile(0.50), percentile(0.95), max, min, sum / count, count, buckets);
    }

    public synchronized long count() {
        return count;
    }

    /** Nearest-rank percentile, reported at the bucket's midpoint and clamped to the observed range. */
    private double percentile(double q) {
        long rank = Math.max(1, (long) Math.ceil(q * count));
        long seen = 0;
        for (int i = 0; i < BUCKETS; i++) {
            seen += counts[i];
            if (seen >= rank) {
                double mid = (i + 0.5) * BUCKET_MS;
                return Math.max(min, Math.min(max, mid));
            }
        }
        return max;
    }
}
