package dev.starling.chaos.run;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The one-way latency samples between two snapshots of a receiver's histogram (the {@code histogram}
 * of a pair in {@code /api/latency}: 0.5 ms buckets by index). Subtracting the earlier snapshot
 * leaves exactly the markers timed in between, so a scenario reports its own window and not the
 * warm-up. Figures are bucket midpoints, i.e. exact to ±0.25 ms. Pure.
 */
public final class LatencyDistribution {
    public static final double BUCKET_MS = 0.5;
    private final TreeMap<Integer, Long> counts;
    private final long total;

    private LatencyDistribution(TreeMap<Integer, Long> counts) {
        this.counts = counts;
        this.total = counts.values().stream().mapToLong(Long::longValue).sum();
    }

    public static LatencyDistribution of(Map<Integer, Long> buckets) {
        TreeMap<Integer, Long> c = new TreeMap<>();
        buckets.forEach((k, v) -> {
            if (v > 0) c.put(k, v);
        });
        return new LatencyDistribution(c);
    }

    /** Buckets of a {@code histogram} JSON object ({"17": 3, ...}); empty for a missing one. */
    public static Map<Integer, Long> buckets(JsonNode histogram) {
        Map<Integer, Long> out = new TreeMap<>();
        if (histogram == null || !histogram.isObject()) return out;
        for (Iterator<Map.Entry<String, JsonNode>> it = histogram.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            try {
                out.put(Integer.parseInt(e.getKey()), e.getValue().asLong());
            } catch (NumberFormatException ignored) {
                // not a bucket index: a newer node format; skip rather than fail the run
            }
        }
        return out;
    }

    /** True when {@code after} cannot be a later snapshot of {@code before}: the histogram started over (new link, restart). */
    public static boolean restarted(Map<Integer, Long> before, Map<Integer, Long> after) {
        for (Map.Entry<Integer, Long> e : before.entrySet()) {
            if (after.getOrDefault(e.getKey(), 0L) < e.getValue()) return true;
        }
        return false;
    }

    /** Bucket-wise sum, for banking the samples of a histogram that is about to start over. */
    public static Map<Integer, Long> plus(Map<Integer, Long> a, Map<Integer, Long> b) {
        Map<Integer, Long> out = new TreeMap<>(a);
        b.forEach((k, v) -> out.merge(k, v, Long::sum));
        return out;
    }

    /** The counts of this distribution by bucket. */
    public Map<Integer, Long> counts() {
        return java.util.Collections.unmodifiableMap(counts);
    }

    /** The samples in {@code after} that were not in {@code before} (a node restart resets it: then all of after). */
    public static LatencyDistribution between(Map<Integer, Long> before, Map<Integer, Long> after) {
        TreeMap<Integer, Long> c = new TreeMap<>();
        boolean reset = restarted(before, after);
        for (Map.Entry<Integer, Long> e : after.entrySet()) {
            long d = e.getValue() - (reset ? 0 : before.getOrDefault(e.getKey(), 0L));
            if (d > 0) c.put(e.getKey(), d);
        }
        return new LatencyDistribution(c);
    }

    public long count() {
        return total;
    }

    /** Nearest-rank percentile (q in 0..1) at the bucket's midpoint; NaN without samples. */
    public double percentile(double q) {
        if (total == 0) return Double.NaN;
        long rank = Math.max(1, (long) Math.ceil(q * total));
        long seen = 0;
        for (Map.Entry<Integer, Long> e : counts.entrySet()) {
            seen += e.getValue();
            if (seen >= rank) return mid(e.getKey());
        }
        return mid(counts.lastKey());
    }

    public double max() {
        return total == 0 ? Double.NaN : mid(counts.lastKey());
    }

    /** (latency ms, fraction of samples at or below it) per occupied bucket, for CDF charts. */
    public List<double[]> cdf() {
        List<double[]> out = new ArrayList<>();
        long seen = 0;
        for (Map.Entry<Integer, Long> e : counts.entrySet()) {
            seen += e.getValue();
            out.add(new double[] {mid(e.getKey()), (double) seen / total});
        }
        return out;
    }

    private static double mid(int bucket) {
        return (bucket + 0.5) * BUCKET_MS;
    }
}
