package dev.starling.node.room;

/**
 * Which frame counters of one sender have been seen: the highest, and a bitmap of the
 * {@link #SIZE} below it. A counter is accepted once; a counter that fell out of the window is
 * refused, so a frame recorded on the wire cannot be played back into the room later.
 *
 * <p>The window is wide because a sender's bundler may put frames on the wire slightly out of
 * the order their counters were drawn in.
 */
final class ReplayWindow {
    static final int SIZE = 1024;

    private final long[] seen = new long[SIZE / 64];
    private long highest;

    /** Records the counter and returns true if it is new; counters start at 1. */
    synchronized boolean accept(long counter) {
        if (counter <= 0 || counter <= highest - SIZE) {
            return false;
        }
        if (counter > highest) {
            long shift = counter - highest;
            if (shift >= SIZE) {
                java.util.Arrays.fill(seen, 0);
            } else {
                for (long c = highest + 1; c <= counter; c++) {
                    clear(c);
                }
            }
            highest = counter;
            set(counter);
            return true;
        }
        if (isSet(counter)) {
            return false;
        }
        set(counter);
        return true;
    }

    private int slot(long counter) {
        return (int) Math.floorMod(counter, (long) SIZE);
    }

    private boolean isSet(long counter) {
        int s = slot(counter);
        return (seen[s >>> 6] & (1L << (s & 63))) != 0;
    }

    private void set(long counter) {
        int s = slot(counter);
        seen[s >>> 6] |= 1L << (s & 63);
    }

    private void clear(long counter) {
        int s = slot(counter);
        seen[s >>> 6] &= ~(1L << (s & 63));
    }
}
