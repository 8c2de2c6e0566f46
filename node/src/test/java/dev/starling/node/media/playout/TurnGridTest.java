package dev.starling.node.media.playout;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.OptionalDouble;
import org.junit.jupiter.api.Test;

class TurnGridTest {
    @Test
    void lateWakeUpsAreMadeUpSoTheRateStaysAHundredAMinute() {
        TurnGrid grid = new TurnGrid(0);
        // A thread that wakes 13 ms apart instead of 10 (a busy machine): it is given every turn.
        int turns = 0;
        double now = 1000;
        double last = Double.NaN;
        while (now < 1000 + 10_000) {
            OptionalDouble t;
            while ((t = grid.next(now)).isPresent()) {
                if (!Double.isNaN(last)) {
                    assertThat(t.getAsDouble() - last).isEqualTo(10.0);
                }
                last = t.getAsDouble();
                assertThat(t.getAsDouble()).isLessThanOrEqualTo(now);
                turns++;
            }
            now += 13;
        }
        assertThat(turns).isBetween(999, 1002);
        assertThat(grid.skipped()).isZero();
    }

    @Test
    void aLongStallIsSkippedNotPlayedAsABurst() {
        TurnGrid grid = new TurnGrid(0);
        assertThat(grid.next(0)).hasValue(0);
        assertThat(grid.next(10)).hasValue(10);
        OptionalDouble afterStall = grid.next(1010);
        assertThat(afterStall.getAsDouble()).isGreaterThan(1010 - TurnGrid.MAX_CATCH_UP_MILLIS);
        assertThat(grid.skipped()).isEqualTo(99);
    }

    @Test
    void noTurnIsGivenBeforeItsTime() {
        TurnGrid grid = new TurnGrid(0);
        assertThat(grid.next(0)).hasValue(0);
        assertThat(grid.next(9.9)).isEmpty();
        assertThat(grid.upcoming(9.9)).isEqualTo(10);
        assertThat(grid.next(10)).hasValue(10);
    }

    @Test
    void turnsFallOnTheGivenPhase() {
        TurnGrid grid = new TurnGrid(1_000_003);
        double first = grid.upcoming(5_000_000.5);
        assertThat(first % 10).isEqualTo(3.0);
        assertThat(first).isBetween(5_000_000.5, 5_000_000.5 + 10);
        assertThat(grid.next(first)).hasValue(first);
    }
}
