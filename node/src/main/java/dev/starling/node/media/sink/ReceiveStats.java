package dev.starling.node.media.sink;

import dev.starling.node.metrics.LatencyHistogram;
import java.util.concurrent.atomic.AtomicLong;

/** Counters and latency histograms of what this node received from one remote peer. */
public final class ReceiveStats {
    public final AtomicLong videoFrames = new AtomicLong();
    public final AtomicLong stampsDecoded = new AtomicLong();
    public final AtomicLong stampsRejected = new AtomicLong();
    public final AtomicLong audioChunks = new AtomicLong();
    public final AtomicLong markersDetected = new AtomicLong();
    public final AtomicLong markersForeign = new AtomicLong();
    public final LatencyHistogram videoLatency = new LatencyHistogram();
    public final LatencyHistogram audioLatency = new LatencyHistogram();
}
