package dev.starling.node.media.playout;

import java.util.OptionalDouble;

/**
 * The playout clock's schedule: turn n is due at start + n * 10 ms. A caller that wakes late is
 * given the turns it missed one after another, so the long-run rate stays exactly 100 turns a
 * second; a stall beyond {@link #MAX_CATCH_UP_MILLIS} is skipped instead of played as a burst.
 * Not thread-safe.
 */
final class TurnGrid {
    static final double MAX_CATCH_UP_MILLIS = 200;

    private final double phaseMillis;
    private double startMillis = Double.NaN;
    private long turn;
    private long skipped;

    /**
     * @param phaseMillis where on the 10 ms grid turns fall: a turn is due whenever the time is
     *     this, modulo 10 ms
     */
    TurnGrid(double phaseMillis) {
        this.phaseMillis = phaseMillis;
    }

    /** The time of the next turn if it is due by {@code nowMillis} (within a turn), else empty. */
    OptionalDouble next(double nowMillis) {
        if (Double.isNaN(startMillis)) {
            double sincePhase = (nowMillis - phaseMillis) % JitterBuffer.FRAME_MILLIS;
            startMillis = nowMillis - (sincePhase < 0 ? sincePhase + JitterBuffer.FRAME_MILLIS : sincePhase);
        }
        double turnMillis = at(turn);
        if (nowMillis - turnMillis > MAX_CATCH_UP_MILLIS) {
            long behind = (long) ((nowMillis - turnMillis) / JitterBuffer.FRAME_MILLIS);
            skipped += behind;
            turn += behind;
            turnMillis = at(turn);
        } else if (turnMillis > nowMillis + JitterBuffer.FRAME_MILLIS) {
            return OptionalDouble.empty(); // ahead of the grid after making up a stall
        }
        turn++;
        return OptionalDouble.of(turnMillis);
    }

    private double at(long n) {
        return startMillis + n * JitterBuffer.FRAME_MILLIS;
    }

    long skipped() {
        return skipped;
    }
}
