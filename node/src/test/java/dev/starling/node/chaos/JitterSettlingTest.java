package dev.starling.node.chaos;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class JitterSettlingTest {
    private final JitterSettling settling = JitterSettling.standard();

    @Test
    void aDrainingJitterBufferIsNotSettledUntilTwoWindowsAgree() {
        assertThat(settling.window(1232, 25)).isFalse();   // the first window has nothing to compare with
        assertThat(settling.window(900, 25)).isFalse();
        assertThat(settling.window(560, 25)).isFalse();
        assertThat(settling.window(510, 25)).isTrue();     // within 10 % of 560
    }

    @Test
    void smallLatenciesUseTheAbsoluteTolerance() {
        settling.window(49, 25);
        assertThat(settling.window(62, 25)).isTrue();      // 13 ms apart: within 15 ms though not 10 %
    }

    @Test
    void windowsWithoutEnoughMarkersStartTheComparisonAfresh() {
        settling.window(300, 25);
        assertThat(settling.window(300, 3)).isFalse();
        assertThat(settling.window(300, 25)).isFalse();
        assertThat(settling.window(Double.NaN, 25)).isFalse();
        assertThat(settling.window(301, 25)).isFalse();
        assertThat(settling.window(302, 25)).isTrue();
    }
}
