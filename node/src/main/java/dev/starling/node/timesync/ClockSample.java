package dev.starling.node.timesync;

/**
 * One NTP-style exchange, all in microseconds: t0 local send, t1 remote receive, t2 remote
 * send, t3 local receive.
 */
public record ClockSample(long t0, long t1, long t2, long t3) {

    /** Remote clock minus local clock, assuming the path is symmetric. */
    public double offsetMicros() {
        return ((t1 - t0) + (double) (t2 - t3)) / 2.0;
    }

    /** Network round trip, excluding the time the remote held the request. */
    public long rttMicros() {
        return (t3 - t0) - (t2 - t1);
    }
}
