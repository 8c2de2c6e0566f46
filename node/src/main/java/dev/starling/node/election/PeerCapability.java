package dev.starling.node.election;

import java.util.Objects;

/**
 * One peer's election inputs as seen by the peer that scores it.
 *
 * <p>Any figure may be {@link #MISSING} ({@code NaN}): a peer that has not yet encoded video, or
 * did not answer the probe, has no figure, and the scoring policies must give it no credit for
 * that criterion rather than divide by zero.
 *
 * @param peerId the scored peer
 * @param avgBitrateKbps average outbound video bitrate over the metrics window (seed: 5 reports)
 * @param avgEncodeMs average encode time per video frame, lower is better
 * @param throughputMbps throughput of the election's 2 MiB probe from the scorer to this peer
 * @param reportCount how many gossiped metrics reports the average is built from
 */
public record PeerCapability(
        String peerId, double avgBitrateKbps, double avgEncodeMs, double throughputMbps, int reportCount) {

    /** Marks a figure that was not measured. */
    public static final double MISSING = Double.NaN;

    public PeerCapability {
        Objects.requireNonNull(peerId, "peerId");
        requireValid("avgBitrateKbps", avgBitrateKbps);
        requireValid("avgEncodeMs", avgEncodeMs);
        requireValid("throughputMbps", throughputMbps);
        if (reportCount < 0) {
            throw new IllegalArgumentException("reportCount must be >= 0: " + reportCount);
        }
    }

    /** Whether a figure is usable; zero counts as unmeasured for encode time (nothing was encoded). */
    public boolean hasBitrate() {
        return !Double.isNaN(avgBitrateKbps);
    }

    public boolean hasEncodeTime() {
        return !Double.isNaN(avgEncodeMs) && avgEncodeMs > 0;
    }

    public boolean hasThroughput() {
        return !Double.isNaN(throughputMbps);
    }

    private static void requireValid(String name, double value) {
        if (Double.isInfinite(value) || value < 0) {
            throw new IllegalArgumentException(name + " must be finite and >= 0 (or MISSING): " + value);
        }
    }
}
