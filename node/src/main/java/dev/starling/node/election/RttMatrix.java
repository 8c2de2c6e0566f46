package dev.starling.node.election;

import java.util.HashMap;
import java.util.Map;
import java.util.Objects;
import java.util.OptionalDouble;

/**
 * Round-trip times between peers in milliseconds, as gossiped in the metrics. Lookups are
 * symmetric: if only one direction was measured it stands for both.
 */
public final class RttMatrix {

    private final Map<String, Double> rttMs;

    private RttMatrix(Map<String, Double> rttMs) {
        this.rttMs = Map.copyOf(rttMs);
    }

    public static RttMatrix empty() {
        return new RttMatrix(Map.of());
    }

    public static Builder builder() {
        return new Builder();
    }

    public OptionalDouble rtt(String a, String b) {
        Double v = rttMs.get(key(a, b));
        if (v == null) {
            v = rttMs.get(key(b, a));
        }
        return v == null ? OptionalDouble.empty() : OptionalDouble.of(v);
    }

    /** Unknown RTTs sort after every known one. */
    double rttOrInfinity(String a, String b) {
        OptionalDouble v = rtt(a, b);
        return v.isPresent() ? v.getAsDouble() : Double.POSITIVE_INFINITY;
    }

    private static String key(String a, String b) {
        // The NUL separator cannot occur in peer ids, so keys cannot collide.
        return a + '\0' + b;
    }

    public static final class Builder {
        private final Map<String, Double> rttMs = new HashMap<>();

        public Builder put(String from, String to, double ms) {
            Objects.requireNonNull(from);
            Objects.requireNonNull(to);
            if (!Double.isFinite(ms) || ms < 0) {
                throw new IllegalArgumentException("rtt must be finite and >= 0: " + ms);
            }
            rttMs.put(key(from, to), ms);
            return this;
        }

        public RttMatrix build() {
            return new RttMatrix(rttMs);
        }
    }
}
