package dev.starling.chaos.run;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class JitterSettlingTest {
    private final JitterSettling settling = JitterSettling.standard();

    @Test
    void aDrainingJitterBufferIsNotSettledUntilThreeWindowsAgree() {
        assertThat(settling.window(1232, 25)).isFalse();
        assertThat(settling.window(900, 25)).isFalse();
        assertThat(settling.window(560, 25)).isFalse();
        assertThat(settling.window(530, 25)).isFalse(); // two agree: not yet
        assertThat(settling.window(510, 25)).isTrue(); // 510..560 within 10 % of 510
    }

    @Test
    void aPlateauThatThenDrainsIsNotTakenForSettled() {
        // Seen in a 4-node room: 1.77 s for two windows, then draining.
        settling.window(1768, 25);
        settling.window(1770, 25);
        assertThat(settling.window(1450, 25)).isFalse();
        assertThat(settling.window(900, 25)).isFalse();
        assertThat(settling.window(368, 25)).isFalse();
        assertThat(settling.window(130, 25)).isFalse();
        assertThat(settling.window(121, 25)).isFalse();
        assertThat(settling.window(118, 25)).isTrue();
    }

    @Test
    void smallLatenciesUseTheAbsoluteTolerance() {
        settling.window(49, 25);
        settling.window(62, 25);
        assertThat(settling.window(55, 25)).isTrue(); // 13 ms apart: within 15 ms though not 10 %
    }

    @Test
    void windowsWithoutEnoughMarkersStartTheComparisonAfresh() {
        settling.window(300, 25);
        settling.window(300, 25);
        assertThat(settling.window(300, 3)).isFalse();
        assertThat(settling.window(300, 25)).isFalse();
        assertThat(settling.window(Double.NaN, 25)).isFalse();
        assertThat(settling.window(301, 25)).isFalse();
        assertThat(settling.window(302, 25)).isFalse();
        assertThat(settling.window(303, 25)).isTrue();
    }
}
