package dev.starling.chaos.scenario;

import dev.starling.protocol.LatencyMarkers;
import java.time.Duration;

/**
 * What media the clients send. Audio markers are what the latency measurement times, so their
 * interval bounds the sample count of a run. The interval is the node's: its detector decodes a
 * marker's sequence number against the same fixed period, so a scenario can state it but not change it.
 */
public record Media(
        String audioCodec, long audioBitsPerSecond, boolean video, long videoBitsPerSecond, Duration markerInterval) {
    public static final Duration MARKER_INTERVAL = LatencyMarkers.PERIOD;

    public static Media defaults() {
        return new Media("opus", 32_000, false, 0, MARKER_INTERVAL);
    }
}
