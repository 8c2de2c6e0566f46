package dev.starling.protocol;

import java.time.Duration;

/**
 * The audio latency markers' contract between the node that sends and detects them and the lab
 * that assigns slots and counts samples. The tones themselves are the node's business; how many
 * senders can be told apart and how often each marks its audio are fixed here, once.
 */
public final class LatencyMarkers {
    /** Distinct marker identities: a mix of up to this many senders still names each origin. */
    public static final int SLOTS = 8;
    /** Time between two markers of one sender; detectors decode sequence numbers against it. */
    public static final Duration PERIOD = Duration.ofMillis(200);

    private LatencyMarkers() {}
}
