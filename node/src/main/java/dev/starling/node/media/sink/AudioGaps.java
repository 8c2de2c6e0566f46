package dev.starling.node.media.sink;

import dev.starling.node.media.synthetic.MarkerSchedule;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;

/**
 * Silences in one origin's audio as heard here, from its markers (one every 200 ms): a gap is the
 * time between two consecutive markers beyond the marker period. A marker heard twice (the old and
 * the new path overlap while routes switch) counts once, by its sequence number. Switching to a
 * slower path shows as a gap of the latency difference, which is what a listener would lose too.
 */
public final class AudioGaps {
    /** Gaps below this are jitter, not silence. */
    public static final double MIN_GAP_MS = 20;

    private static final int KEPT = 128;

    /** @param atMillis when the silence began (the last marker before it), local clock */
    public record Gap(double atMillis, double ms) {}

    private final Deque<Gap> recent = new ArrayDeque<>();
    private long lastSeq = Long.MIN_VALUE;
    private double lastAt;

    public synchronized void onMarker(long seq, double atMillis) {
        if (seq <= lastSeq) {
            return;
        }
        if (lastSeq != Long.MIN_VALUE) {
            double gap = atMillis - lastAt - MarkerSchedule.PERIOD_MILLIS;
            if (gap >= MIN_GAP_MS) {
                if (recent.size() == KEPT) {
                    recent.removeFirst();
                }
                recent.addLast(new Gap(lastAt, gap));
            }
        }
        lastSeq = seq;
        lastAt = atMillis;
    }

    /** Gaps that began at or after {@code millis}, oldest first. */
    public synchronized List<Gap> since(double millis) {
        List<Gap> out = new ArrayList<>();
        for (Gap g : recent) {
            if (g.atMillis() >= millis) {
                out.add(g);
            }
        }
        return out;
    }

    /** When the last marker was heard, or NaN. */
    public synchronized double lastHeardMillis() {
        return lastSeq == Long.MIN_VALUE ? Double.NaN : lastAt;
    }
}
