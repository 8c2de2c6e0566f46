package dev.starling.node.media.playout;

import java.util.OptionalDouble;

/**
 * The playout clock's schedule: turn n is due at start + n * 10 ms. A caller that wakes late is
 * given the turns it missed one after another, so the long-run rate stays exactly 100 turns a
 * second; a stall beyond {@link #MAX_CATCH_UP_MILLIS} is skipped instead of played as a burst.
 * A turn is never given before its time.
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

    /** The time of the next turn if it is due by {@code nowMillis}, else empty. */
    OptionalDouble next(double nowMillis) {
        double turnMillis = upcoming(nowMillis);
        if (nowMillis - turnMillis > MAX_CATCH_UP_MILLIS) {
            long behind = (long) ((nowMillis - turnMillis) / JitterBuffer.FRAME_MILLIS);
            skipped += behind;
            turn += behind;
            turnMillis = at(turn);
        } else if (turnMillis > nowMillis) {
            return OptionalDouble.empty();
        }
        turn++;
        return OptionalDouble.of(turnMillis);
    }

    /** When the next turn is due (the first one: the first time on the phase from now on). */
    double upcoming(double nowMillis) {
        if (Double.isNaN(startMillis)) {
            double sincePhase = (nowMillis - phaseMillis) % JitterBuffer.FRAME_MILLIS;
            startMillis = nowMillis - (sincePhase < 0 ? sincePhase + JitterBuffer.FRAME_MILLIS : sincePhase);
            if (startMillis < nowMillis) {
                startMillis += JitterBuffer.FRAME_MILLIS;
            }
        }
        return at(turn);
    }

    private double at(long n) {
        return startMillis + n * JitterBuffer.FRAME_MILLIS;
    }

    long skipped() {
        return skipped;
    }
}
