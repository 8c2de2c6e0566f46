package dev.starling.node.room;

import java.time.Clock;
import java.time.Instant;

/** Wall-clock microseconds, the unit of every timestamp on the wire. */
public final class Micros {
    private Micros() {}

    public static long now(Clock clock) {
        Instant instant = clock.instant();
        return instant.getEpochSecond() * 1_000_000L + instant.getNano() / 1_000;
    }
}
