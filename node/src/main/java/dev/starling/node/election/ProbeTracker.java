package dev.starling.node.election;

import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.OptionalDouble;

/**
 * The prober's side of the election's throughput probes.
 *
 * <p>The prober is the only party that holds both ends of the measurement on one clock, so it
 * decides the speed: either a media data-channel probe already measured it ({@link #measured}),
 * or the probe went over the room and the speed is the payload over the time from sending the
 * first chunk to receiving the answer ({@link #timed}). The answer's own speed field, computed by
 * the receiver across two clocks, is informational only.
 */
public final class ProbeTracker {

    private final Map<String, Pending> pending = new HashMap<>();
    /** The latest speed measured to each peer, and when: for reuse by elections that follow closely. */
    private final Map<String, Measurement> latest = new HashMap<>();

    private record Measurement(double mbps, Instant at) {}

    /**
     * A speed to {@code peer} measured no longer than {@code maxAge} before {@code now}, so an
     * election right after another (a room still forming re-elects on every join) need not push
     * another 2 MiB through every link.
     */
    public OptionalDouble recent(String peer, Instant now, Duration maxAge) {
        Measurement m = latest.get(peer);
        return m != null && !m.at().plus(maxAge).isBefore(now) ? OptionalDouble.of(m.mbps()) : OptionalDouble.empty();
    }

    public void measured(String peer, long number, double mbps) {
        pending.put(key(peer, number), new Pending(null, 0, mbps));
    }

    public void timed(String peer, long number, Instant sentAt, int bytes) {
        pending.put(key(peer, number), new Pending(sentAt, bytes, Double.NaN));
    }

    /** The speed of an answered probe, or empty if this node did not send it (or already saw the answer). */
    public OptionalDouble answered(String peer, long number, Instant at) {
        Pending p = pending.remove(key(peer, number));
        if (p == null) {
            return OptionalDouble.empty();
        }
        double mbps;
        if (p.sentAt == null) {
            mbps = p.mbps;
        } else {
            // A clock that did not move (tests, coarse timers) must not yield an infinite speed.
            long micros = Math.max(1, Duration.between(p.sentAt, at).toNanos() / 1_000);
            mbps = p.bytes * 8.0 / micros;
        }
        latest.put(peer, new Measurement(mbps, at));
        return OptionalDouble.of(mbps);
    }

    /** Drops probes of elections older than {@code number}: their answers no longer matter. */
    public void forgetBefore(long number) {
        pending.keySet().removeIf(k -> Long.parseLong(k.substring(k.lastIndexOf('\0') + 1)) < number);
    }

    private static String key(String peer, long number) {
        return peer + '\0' + number;
    }

    private record Pending(Instant sentAt, int bytes, double mbps) {}
}
