package dev.starling.node.media.synthetic;

/**
 * When a sender emits its markers: marker {@code seq} starts at sample {@code seq * PERIOD}
 * of a stream whose sample 0 was due at {@code epochMillis} on the sender's clock. The epoch
 * is announced to receivers, so they know the send time of every marker without it being
 * carried in the audio.
 */
public record MarkerSchedule(long epochMillis) {

    public static final double PERIOD_MILLIS = MarkerPlan.PERIOD_SAMPLES * 1000.0 / MarkerPlan.SAMPLE_RATE;
    /** Detections are matched to the marker sent at most this long before (10 symbols * 200 ms). */
    public static final double AMBIGUITY_MILLIS = MarkerPlan.SEQ_SYMBOLS * PERIOD_MILLIS;
    /** Allowance for a detection that appears slightly before its send time due to clock-offset error. */
    private static final double EARLY_SLACK_MILLIS = 50;

    public double sendMillis(long seq) {
        return epochMillis + seq * PERIOD_MILLIS;
    }

    /**
     * The full sequence number of a marker whose symbol (seq mod 10) was detected at
     * {@code detectMillisSenderClock}: the latest marker with that symbol sent no later than
     * the detection (plus a small slack), which is unambiguous while latency stays under 2 s.
     */
    public long resolve(int symbol, double detectMillisSenderClock) {
        double sinceEpoch = detectMillisSenderClock + EARLY_SLACK_MILLIS - epochMillis;
        long latest = (long) Math.floor(sinceEpoch / PERIOD_MILLIS);
        long seq = latest - Math.floorMod(latest - symbol, MarkerPlan.SEQ_SYMBOLS);
        return seq;
    }
}
