package dev.starling.node.mixing;

/**
 * Maps a mixed sample, which may exceed 16 bits, into 16 bits without wrap-around.
 *
 * <p>Below the threshold the sample passes unchanged (bit-exact), so quiet conversations are not
 * coloured. Above it a tanh knee compresses the excess into the remaining headroom; the knee has
 * slope 1 where it starts, so there is no audible corner, and it approaches but never passes full
 * scale. Stateless by design: no look-ahead delay, and every recipient's output is a pure function
 * of its mix, which keeps mix-minus testable sample by sample. Immutable, so one instance may be
 * shared.
 */
public final class SoftLimiter {

    public static final int FULL_SCALE = Short.MAX_VALUE;

    private final int threshold;
    private final double headroom;
    /**
     * What the knee adds above the threshold for magnitude {@code threshold + e}, tabulated for
     * every e until the output reaches {@code FULL_SCALE - 1} (about 40 000 entries for the
     * standard threshold); entry 0 is 0. A mixer with many loud sources runs the knee for a third
     * of its samples, where tanh and a data-dependent branch per sample cost several times the
     * rest of the mix. The table holds the very values the formula gives, so output is unchanged.
     */
    private final short[] kneeExtra;

    /** @param threshold absolute sample value up to which the limiter is transparent */
    public SoftLimiter(int threshold) {
        if (threshold < 1 || threshold >= FULL_SCALE) {
            throw new IllegalArgumentException("threshold must be in 1.." + (FULL_SCALE - 1) + ": " + threshold);
        }
        this.threshold = threshold;
        this.headroom = FULL_SCALE - threshold;
        int size = 1;
        while (kneeOf(threshold + (long) size - 1) < FULL_SCALE - 1) {
            size++;
        }
        kneeExtra = new short[size];
        for (int e = 0; e < size; e++) {
            kneeExtra[e] = (short) (kneeOf(threshold + (long) e) - threshold);
        }
    }

    /** Transparent up to -2.5 dBFS (75 % of full scale). */
    public static SoftLimiter standard() {
        return new SoftLimiter(24_576);
    }

    public int threshold() {
        return threshold;
    }

    public short apply(int sample) {
        // long: |Integer.MIN_VALUE| does not fit an int, and Math.abs would return it negative.
        long magnitude = Math.abs((long) sample);
        long excess = Math.max(0, magnitude - threshold);
        if (excess >= kneeExtra.length) {
            return (short) (sample < 0 ? -kneeOf(magnitude) : kneeOf(magnitude));
        }
        // Branch-free below the end of the table: below the threshold excess is 0 and adds 0.
        int out = (int) Math.min(magnitude, threshold) + kneeExtra[(int) excess];
        int sign = sample >> 31;
        return (short) ((out ^ sign) - sign);
    }

    private int kneeOf(long magnitude) {
        double limited = threshold + headroom * Math.tanh((magnitude - threshold) / headroom);
        // Truncation keeps the result at or below full scale even when tanh rounds to exactly 1.
        return Math.min(FULL_SCALE, (int) limited);
    }
}
