package dev.starling.chaos.scenario;

import java.time.Duration;

/**
 * What media the clients send. Audio markers are what the latency measurement times, so their
 * interval bounds the sample count of a run.
 */
public record Media(String audioCodec, long audioBitsPerSecond, boolean video, long videoBitsPerSecond,
                    Duration markerInterval) {
    public static Media defaults() {
        return new Media("opus", 32_000, false, 0, Duration.ofMillis(250));
    }
}
