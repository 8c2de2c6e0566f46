package dev.starling.node.media.sink;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class AudioGapsTest {
    @Test
    void missingMarkersShowAsOneGapOfTheSilenceLength() {
        AudioGaps gaps = new AudioGaps();
        for (int seq = 0; seq < 5; seq++) {
            gaps.onMarker(seq, 1000 + seq * 200.0 + (seq % 2) * 5); // 5 ms of jitter is no gap
        }
        gaps.onMarker(9, 1000 + 9 * 200.0); // markers 5..8 lost: 800 ms silent
        assertThat(gaps.since(0)).singleElement().satisfies(g -> {
            assertThat(g.atMillis()).isEqualTo(1800.0);
            assertThat(g.ms()).isEqualTo(800.0);
        });
        assertThat(gaps.since(1801)).isEmpty();
        assertThat(gaps.lastHeardMillis()).isEqualTo(2800.0);
    }

    @Test
    void aMarkerHeardOnTwoPathsCountsOnce() {
        AudioGaps gaps = new AudioGaps();
        gaps.onMarker(1, 200);
        gaps.onMarker(2, 400);
        gaps.onMarker(2, 450); // the same marker through the mixer, 50 ms later
        gaps.onMarker(3, 650); // now only the slower path: 50 ms more than a period
        assertThat(gaps.since(0))
                .singleElement()
                .satisfies(g -> assertThat(g.ms()).isEqualTo(50.0));
    }
}
