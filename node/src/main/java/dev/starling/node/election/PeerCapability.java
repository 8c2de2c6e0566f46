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
 * @param cpuCores the CPU the peer may use, in cores, as its latest report gives it
 * @param reportCount how many gossiped metrics reports the average is built from
 */
public record PeerCapability(
        String peerId,
        double avgBitrateKbps,
        double avgEncodeMs,
        double throughputMbps,
        double cpuCores,
        int reportCount) {

    /** Marks a figure that was not measured. */
    public static final double MISSING = Double.NaN;

    /** More than any machine a node runs on has; a report above it is not believed. */
    static final double MAX_CORES = 1024;

    /** A peer whose CPU budget is unknown (a node that does not report one). */
    public PeerCapability(
            String peerId, double avgBitrateKbps, double avgEncodeMs, double throughputMbps, int reportCount) {
        this(peerId, avgBitrateKbps, avgEncodeMs, throughputMbps, MISSING, reportCount);
    }

    public PeerCapability {
        Objects.requireNonNull(peerId, "peerId");
        requireValid("avgBitrateKbps", avgBitrateKbps);
        requireValid("avgEncodeMs", avgEncodeMs);
        requireValid("throughputMbps", throughputMbps);
        requireValid("cpuCores", cpuCores);
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

    public boolean hasCpuCores() {
        return !Double.isNaN(cpuCores) && cpuCores > 0;
    }

    /** A reported CPU budget as the election takes it: MISSING unless it is a plausible core count. */
    static double plausibleCores(double reported) {
        return Double.isFinite(reported) && reported > 0 && reported <= MAX_CORES ? reported : MISSING;
    }

    private static void requireValid(String name, double value) {
        if (Double.isInfinite(value) || value < 0) {
            throw new IllegalArgumentException(name + " must be finite and >= 0 (or MISSING): " + value);
        }
    }
}
