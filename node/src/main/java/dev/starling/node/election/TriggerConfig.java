package dev.starling.node.election;

import java.time.Duration;
import java.util.Objects;

/**
 * When the leader opens an election.
 *
 * @param meshThreshold the room goes to mixers when it has more members than this (seed 003: 5)
 * @param meshReturnSize the room returns to mesh at this size or below; below the threshold so a
 *     sixth peer joining and leaving does not flip the topology each time
 * @param defaultMixers mixers to elect when the room outgrows the mesh
 * @param troubleSustain how long a peer's quality trouble must last before it triggers
 * @param periodicInterval how often the current mixers are re-evaluated
 * @param hysteresisMargin a non-mixer must beat the worst mixer by this fraction (0.15 = 15 %)
 * @param cooldown minimum time between elections, except for operator requests and lost mixers
 */
public record TriggerConfig(
        int meshThreshold,
        int meshReturnSize,
        int defaultMixers,
        Duration troubleSustain,
        Duration periodicInterval,
        double hysteresisMargin,
        Duration cooldown) {

    public TriggerConfig {
        if (meshThreshold < 2 || meshReturnSize < 1 || meshReturnSize > meshThreshold) {
            throw new IllegalArgumentException("need 1 <= meshReturnSize <= meshThreshold, meshThreshold >= 2");
        }
        if (defaultMixers < 1) {
            throw new IllegalArgumentException("defaultMixers must be >= 1");
        }
        Objects.requireNonNull(troubleSustain);
        Objects.requireNonNull(periodicInterval);
        Objects.requireNonNull(cooldown);
        if (!(hysteresisMargin >= 0) || Double.isInfinite(hysteresisMargin)) {
            throw new IllegalArgumentException("hysteresisMargin must be finite and >= 0");
        }
    }

    public static TriggerConfig defaults() {
        return new TriggerConfig(5, 4, 1, Duration.ofSeconds(10), Duration.ofSeconds(60), 0.15,
                Duration.ofSeconds(20));
    }
}
