package dev.starling.node.timesync;

import java.time.Instant;

/** Wall-clock source in microseconds; injected so tests can skew a node's clock. */
@FunctionalInterface
public interface WallClock {
    long nowMicros();

    default double nowMillis() {
        return nowMicros() / 1000.0;
    }

    static WallClock system() {
        return () -> {
            Instant now = Instant.now();
            return now.getEpochSecond() * 1_000_000L + now.getNano() / 1_000;
        };
    }
}
