package dev.starling.chaos.run;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.Map;
import org.junit.jupiter.api.Test;

class LatencyDistributionTest {

    @Test
    void windowHoldsOnlyTheSamplesBetweenTwoSnapshots() {
        // before: 10 samples at 20 ms (bucket 40); after: 10 more at 20 ms, 9 at 60 ms (bucket 120), 1 at 200 ms (400)
        Map<Integer, Long> before = Map.of(40, 10L);
        Map<Integer, Long> after = Map.of(40, 20L, 120, 9L, 400, 1L);

        LatencyDistribution d = LatencyDistribution.between(before, after);

        assertThat(d.count()).isEqualTo(20);
        assertThat(d.percentile(0.5)).isEqualTo(20.25); // bucket midpoint
        assertThat(d.percentile(0.95)).isEqualTo(60.25);
        assertThat(d.max()).isEqualTo(200.25);
        assertThat(d.cdf()).hasSize(3);
        assertThat(d.cdf().get(0)).containsExactly(20.25, 0.5);
        assertThat(d.cdf().get(2)[1]).isCloseTo(1.0, within(1e-12));
    }

    @Test
    void aReceiverThatRestartedCountsFromZero() {
        LatencyDistribution d = LatencyDistribution.between(Map.of(40, 100L), Map.of(40, 3L, 41, 2L));
        assertThat(d.count()).isEqualTo(5);
    }

    @Test
    void samplesOfAHistogramThatStartedOverCanBeBanked() {
        Map<Integer, Long> before = Map.of(40, 10L);
        Map<Integer, Long> old = Map.of(40, 14L, 41, 1L); // 5 new samples, then the link is rebuilt
        Map<Integer, Long> fresh = Map.of(40, 2L); // the new link's histogram
        assertThat(LatencyDistribution.restarted(old, fresh)).isTrue();
        assertThat(LatencyDistribution.restarted(before, old)).isFalse();

        Map<Integer, Long> banked = LatencyDistribution.between(before, old).counts();
        LatencyDistribution window = LatencyDistribution.of(LatencyDistribution.plus(
                banked, LatencyDistribution.between(Map.of(), fresh).counts()));

        assertThat(window.count()).isEqualTo(7);
        assertThat(window.counts()).containsExactly(Map.entry(40, 6L), Map.entry(41, 1L));
    }

    @Test
    void emptyWindowHasNoFigures() {
        LatencyDistribution d = LatencyDistribution.between(Map.of(40, 5L), Map.of(40, 5L));
        assertThat(d.count()).isZero();
        assertThat(d.percentile(0.5)).isNaN();
        assertThat(d.max()).isNaN();
        assertThat(d.cdf()).isEmpty();
    }

    @Test
    void readsTheApiHistogramAndSkipsForeignKeys() throws Exception {
        var node = new ObjectMapper().readTree("{\"40\": 3, \"81\": 1, \"unit\": 5}");
        assertThat(LatencyDistribution.buckets(node)).containsExactly(Map.entry(40, 3L), Map.entry(81, 1L));
        assertThat(LatencyDistribution.buckets(null)).isEmpty();
        assertThat(LatencyDistribution.buckets(new ObjectMapper().readTree("[1,2]")))
                .isEmpty();
    }

    @Test
    void gapTrackerFindsTheLongestStretchWithoutNewMarkers() {
        AudioGapTracker gaps = new AudioGapTracker();
        long markers = 0;
        for (long t = 0; t <= 10_000; t += 250) {
            boolean silent = t > 3_000 && t <= 5_500; // nothing new from 3.25 s to 5.5 s
            if (!silent) markers++;
            gaps.observe(t, markers);
        }
        assertThat(gaps.longestMillis(10_000)).isEqualTo(2_750); // last rise at 3.0 s, next at 5.75 s
        assertThat(gaps.longestStartMillis()).isEqualTo(3_000);

        AudioGapTracker open = new AudioGapTracker();
        open.observe(0, 1);
        open.observe(250, 2);
        open.observe(500, 2);
        assertThat(open.longestMillis(4_000))
                .as("a gap still open at the end counts")
                .isEqualTo(3_750);
    }
}
