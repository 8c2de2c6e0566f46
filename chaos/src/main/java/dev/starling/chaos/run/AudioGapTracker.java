package dev.starling.chaos.run;

/**
 * The longest stretch without a new audio marker at the receiver, from polls of its marker count.
 * Resolution is the poll interval: a gap is measured from the last poll that saw the count rise
 * to the first poll that sees it rise again. Pure; feed it in time order.
 */
public final class AudioGapTracker {
    private long lastCount = -1;
    private long lastRiseMillis = -1;
    private long longest;
    private long longestStart = -1;

    /** @param atMillis the run's clock; @param markers the receiver's cumulative count (a restart may reset it) */
    public void observe(long atMillis, long markers) {
        if (lastCount < 0) {
            lastCount = markers;
            lastRiseMillis = atMillis;
            return;
        }
        if (markers != lastCount) { // a reset (restarted receiver) counts as a rise too
            long gap = atMillis - lastRiseMillis;
            if (gap > longest) {
                longest = gap;
                longestStart = lastRiseMillis;
            }
            lastRiseMillis = atMillis;
            lastCount = markers;
        }
    }

    /** Longest gap so far in ms, including a gap that is still open at {@code nowMillis}. */
    public long longestMillis(long nowMillis) {
        return lastRiseMillis < 0 ? 0 : Math.max(longest, nowMillis - lastRiseMillis);
    }

    /** Where the longest closed gap began (run clock, ms), -1 if none closed yet. */
    public long longestStartMillis() {
        return longestStart;
    }
}
