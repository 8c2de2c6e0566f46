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
 * @param encodeBudgetMs a peer whose average encode time per video frame exceeds this is in trouble
 */
public record TriggerConfig(
        int meshThreshold,
        int meshReturnSize,
        int defaultMixers,
        Duration troubleSustain,
        Duration periodicInterval,
        double hysteresisMargin,
        Duration cooldown,
        double encodeBudgetMs) {

    /** Half of a 15 fps frame interval: beyond it a peer cannot keep up once it encodes for several links. */
    public static final double DEFAULT_ENCODE_BUDGET_MS = 33;

    public TriggerConfig(
            int meshThreshold,
            int meshReturnSize,
            int defaultMixers,
            Duration troubleSustain,
            Duration periodicInterval,
            double hysteresisMargin,
            Duration cooldown) {
        this(
                meshThreshold,
                meshReturnSize,
                defaultMixers,
                troubleSustain,
                periodicInterval,
                hysteresisMargin,
                cooldown,
                DEFAULT_ENCODE_BUDGET_MS);
    }

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
        if (!(encodeBudgetMs > 0) || Double.isInfinite(encodeBudgetMs)) {
            throw new IllegalArgumentException("encodeBudgetMs must be finite and > 0");
        }
        if (!(hysteresisMargin >= 0) || Double.isInfinite(hysteresisMargin)) {
            throw new IllegalArgumentException("hysteresisMargin must be finite and >= 0");
        }
    }

    /** These triggers with another mesh threshold (the return size follows, one below). */
    public TriggerConfig withMeshThreshold(int threshold) {
        return new TriggerConfig(
                threshold,
                Math.min(meshReturnSize, Math.max(1, threshold - 1)),
                defaultMixers,
                troubleSustain,
                periodicInterval,
                hysteresisMargin,
                cooldown,
                encodeBudgetMs);
    }

    public TriggerConfig withTrouble(Duration sustain, double budgetMs) {
        return new TriggerConfig(
                meshThreshold,
                meshReturnSize,
                defaultMixers,
                sustain,
                periodicInterval,
                hysteresisMargin,
                cooldown,
                budgetMs);
    }

    public static TriggerConfig defaults() {
        return new TriggerConfig(5, 4, 1, Duration.ofSeconds(10), Duration.ofSeconds(60), 0.15, Duration.ofSeconds(20));
    }
}
