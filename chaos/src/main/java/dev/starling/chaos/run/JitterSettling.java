package dev.starling.chaos.run;

/**
 * Decides when a fresh room's audio latency has settled. Starting N media JVMs starves the CPU;
 * the receivers' jitter buffers grow to match and shrink again only over tens of seconds, the
 * longer the more nodes share the machine. A fixed wait either wastes time in small rooms or
 * measures the start-up in large ones (a 6-node room's first scenario read 1.2 s, its second
 * 0.5 s). So the runner takes the marker path's median latency over consecutive windows and
 * starts once three windows in a row agree with each other. Two were not enough: a 4-node room
 * held 1.77 s for two windows and only then drained to 0.12 s. Pure: the caller supplies each
 * window's figures.
 */
final class JitterSettling {
    private final double toleranceMs;
    private final double toleranceFraction;
    private final long minSamples;
    private final int agreeing;
    private final java.util.ArrayDeque<Double> recent = new java.util.ArrayDeque<>();

    /**
     * @param toleranceMs two windows agree when their medians differ by at most this much...
     * @param toleranceFraction ...or by at most this fraction of the earlier one, whichever is larger
     * @param minSamples a window with fewer markers says nothing
     * @param agreeing how many windows in a row must agree
     */
    JitterSettling(double toleranceMs, double toleranceFraction, long minSamples, int agreeing) {
        this.toleranceMs = toleranceMs;
        this.toleranceFraction = toleranceFraction;
        this.minSamples = minSamples;
        this.agreeing = agreeing;
    }

    static JitterSettling standard() {
        return new JitterSettling(15, 0.10, 10, 3);
    }

    /** Feeds one window's median latency and marker count; true once the latency has settled. */
    boolean window(double p50Ms, long samples) {
        if (samples < minSamples || !Double.isFinite(p50Ms)) {
            recent.clear();
            return false;
        }
        recent.addLast(p50Ms);
        if (recent.size() > agreeing) {
            recent.removeFirst();
        }
        if (recent.size() < agreeing) {
            return false;
        }
        double low = recent.stream().mapToDouble(Double::doubleValue).min().orElseThrow();
        double high = recent.stream().mapToDouble(Double::doubleValue).max().orElseThrow();
        return high - low <= Math.max(toleranceMs, toleranceFraction * low);
    }
}
