package dev.starling.node.media.playout;

import java.util.Arrays;

/**
 * The last few seconds of frame transit times (arrival minus the frame's place on the sender's
 * schedule, in ms, with an unknown constant offset): the minimum is the path's base delay, and
 * a high quantile above it is the jitter a buffer must absorb. Not thread-safe.
 */
final class TransitWindow {
    private final double[] values;
    private int count;
    private int next;

    TransitWindow(int size) {
        values = new double[size];
    }

    void add(double transitMillis) {
        values[next] = transitMillis;
        next = (next + 1) % values.length;
        count = Math.min(count + 1, values.length);
    }

    boolean isEmpty() {
        return count == 0;
    }

    /** The smallest transit and the {@code quantile} (0 to 1) of the window; NaN when empty. */
    double[] baseAndQuantile(double quantile) {
        if (count == 0) {
            return new double[] {Double.NaN, Double.NaN};
        }
        double[] sorted = Arrays.copyOf(values, count);
        Arrays.sort(sorted);
        int at = (int) Math.min(count - 1, Math.ceil(quantile * count) - 1);
        return new double[] {sorted[0], sorted[Math.max(0, at)]};
    }
}
