package dev.starling.node.timesync;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Optional;

/**
 * Keeps the most recent exchanges with one peer and estimates the clock offset from the one
 * with the lowest RTT: queueing only ever adds delay, and the shortest round trip is the one
 * whose asymmetry (and therefore offset error, at most rtt/2) is smallest.
 */
public final class ClockOffsetEstimator {
    private final int window;
    private final Deque<ClockSample> samples = new ArrayDeque<>();

    public ClockOffsetEstimator() {
        this(32);
    }

    public ClockOffsetEstimator(int window) {
        if (window < 1) {
            throw new IllegalArgumentException("window must be positive");
        }
        this.window = window;
    }

    /** Returns false (and ignores the sample) when its timestamps are inconsistent. */
    public synchronized boolean add(ClockSample sample) {
        if (sample.t3() < sample.t0() || sample.t2() < sample.t1() || sample.rttMicros() < 0) {
            return false;
        }
        samples.addLast(sample);
        while (samples.size() > window) {
            samples.removeFirst();
        }
        return true;
    }

    public synchronized Optional<ClockOffset> estimate() {
        ClockSample best = null;
        for (ClockSample s : samples) {
            if (best == null || s.rttMicros() < best.rttMicros()) {
                best = s;
            }
        }
        if (best == null) {
            return Optional.empty();
        }
        return Optional.of(
                new ClockOffset(best.offsetMicros(), best.rttMicros() / 2.0, best.rttMicros(), samples.size()));
    }
}
