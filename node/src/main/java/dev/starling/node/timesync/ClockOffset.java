package dev.starling.node.timesync;

/**
 * Estimated remote-minus-local clock offset. The true offset lies within
 * {@code offset ± uncertainty} if the path delay is bounded by the best sample's RTT.
 */
public record ClockOffset(double offsetMicros, double uncertaintyMicros, long rttMicros, int samples) {

    /** Converts a remote-clock time to the local clock. */
    public double toLocalMillis(double remoteMillis) {
        return remoteMillis - offsetMicros / 1000.0;
    }
}
