package dev.starling.node.media.source;

import dev.starling.node.metrics.LatencyHistogram;
import dev.starling.node.metrics.LatencySummary;
import java.util.concurrent.atomic.AtomicLong;

/**
 * How punctually a node's audio leaves for its encoders, over all its links: how late each 10 ms
 * frame was pushed after it was due, and how many frames a stalled pusher skipped. A frame pushed
 * late reaches every receiver as jitter; a skipped one also leaves the sender's RTP clock behind
 * for good, which a receiver's jitter buffer takes as a lasting delay.
 */
public final class PushTiming {
    private final LatencyHistogram lateness = new LatencyHistogram();
    private final AtomicLong skipped = new AtomicLong();

    void pushed(double lateMillis) {
        lateness.record(lateMillis);
    }

    void skipped(long frames) {
        skipped.addAndGet(frames);
    }

    public LatencySummary lateness() {
        return lateness.summary();
    }

    public long framesSkipped() {
        return skipped.get();
    }

    /** Starts over with the latency histograms, so a report covers the settled topology only. */
    public void reset() {
        lateness.reset();
        skipped.set(0);
    }
}
