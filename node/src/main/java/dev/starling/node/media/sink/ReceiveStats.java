package dev.starling.node.media.sink;

import dev.starling.node.metrics.LatencyHistogram;
import java.util.concurrent.atomic.AtomicLong;

/** Counters and latency histograms of what this node received from one remote peer. */
public final class ReceiveStats {
    /** Camera pictures only: the frames the stamps and video latency are about. */
    public final AtomicLong videoFrames = new AtomicLong();
    /** Pictures of a screen the peer shares, counted apart from its camera's. */
    public final AtomicLong screenFrames = new AtomicLong();

    public final AtomicLong stampsDecoded = new AtomicLong();
    public final AtomicLong stampsRejected = new AtomicLong();
    public final AtomicLong audioChunks = new AtomicLong();
    public final AtomicLong markersDetected = new AtomicLong();
    public final AtomicLong markersForeign = new AtomicLong();
    /** Markers of this peer that arrived relayed by a mixer rather than on its own link. */
    public final AtomicLong markersRelayed = new AtomicLong();
    /** Our own markers heard back in a mix: a mix-minus failure. */
    public final AtomicLong markersOwn = new AtomicLong();
    /** Markers of another slot on a link that carries only its sender's voice: the detector misread. */
    public final AtomicLong markersMisread = new AtomicLong();

    /** Pictures of this peer that arrived inside a mixer's composite rather than on its own link. */
    public final AtomicLong picturesRelayed = new AtomicLong();

    /** The newest stamp time of this peer's pictures seen so far, by whichever path. */
    private final AtomicLong newestPictureMillis = new AtomicLong(Long.MIN_VALUE);

    public final AudioGaps audioGaps = new AudioGaps();
    public final LatencyHistogram videoLatency = new LatencyHistogram();
    public final LatencyHistogram audioLatency = new LatencyHistogram();

    /**
     * Whether a picture of this peer stamped {@code stampMillis} is seen here for the first time: a
     * composite repeats a slower camera's picture until the next one comes, and while routes switch
     * a picture may arrive both on its own link and inside a composite. Each counts once.
     */
    public boolean firstSight(long stampMillis) {
        return newestPictureMillis.getAndAccumulate(stampMillis, Math::max) < stampMillis;
    }
}
