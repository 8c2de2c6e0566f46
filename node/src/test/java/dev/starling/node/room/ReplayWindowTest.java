package dev.starling.node.room;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class ReplayWindowTest {
    private final ReplayWindow window = new ReplayWindow();

    @Test
    void eachCounterCountsOnce() {
        assertThat(window.accept(1)).isTrue();
        assertThat(window.accept(2)).isTrue();
        assertThat(window.accept(2)).isFalse();
        assertThat(window.accept(1)).isFalse();
    }

    @Test
    void lateFramesInsideTheWindowAreAcceptedOnce() {
        assertThat(window.accept(10)).isTrue();
        assertThat(window.accept(7)).isTrue();
        assertThat(window.accept(7)).isFalse();
        assertThat(window.accept(9)).isTrue();
        assertThat(window.accept(8)).isTrue();
        assertThat(window.accept(10)).isFalse();
    }

    @Test
    void framesOlderThanTheWindowAndNonPositiveCountersAreRefused() {
        assertThat(window.accept(ReplayWindow.SIZE + 5)).isTrue();
        assertThat(window.accept(5)).isFalse();
        assertThat(window.accept(6)).isTrue();
        assertThat(window.accept(0)).isFalse();
        assertThat(window.accept(-1)).isFalse();
    }

    @Test
    void aLongJumpForgetsEverythingBelowAndSlotsAreReusedCleanly() {
        assertThat(window.accept(3)).isTrue();
        assertThat(window.accept(3 + ReplayWindow.SIZE)).isTrue();
        assertThat(window.accept(3 + 2L * ReplayWindow.SIZE)).isTrue();
        // The slot counter 3 used is free again for the counter that maps onto it next.
        assertThat(window.accept(3 + ReplayWindow.SIZE)).isFalse();
        for (long c = 4 + ReplayWindow.SIZE; c < 3 + 2L * ReplayWindow.SIZE; c++) {
            assertThat(window.accept(c)).as("counter %d", c).isTrue();
        }
    }
}
