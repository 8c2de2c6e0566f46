package dev.starling.node.metrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.data.Offset.offset;

import org.junit.jupiter.api.Test;

class LatencyHistogramTest {
    @Test
    void reportsPercentilesMaxAndCount() {
        LatencyHistogram h = new LatencyHistogram();
        for (int i = 1; i <= 100; i++) {
            h.record(i);
        }
        LatencySummary s = h.summary();
        assertThat(s.count()).isEqualTo(100);
        assertThat(s.p50()).isCloseTo(50, offset(0.5));
        assertThat(s.p95()).isCloseTo(95, offset(0.5));
        assertThat(s.max()).isEqualTo(100);
        assertThat(s.mean()).isCloseTo(50.5, offset(1e-9));
    }

    @Test
    void boundedMemoryKeepsOutliersInMaxAndOverflow() {
        LatencyHistogram h = new LatencyHistogram();
        for (int i = 0; i < 1_000_000; i++) {
            h.record(20);
        }
        h.record(60_000);
        h.record(-3);
        LatencySummary s = h.summary();
        assertThat(s.count()).isEqualTo(1_000_002);
        assertThat(s.p50()).isCloseTo(20, offset(0.5));
        assertThat(s.max()).isEqualTo(60_000);
        assertThat(s.min()).isEqualTo(-3);
    }

    @Test
    void emptyAndNonFiniteValues() {
        LatencyHistogram h = new LatencyHistogram();
        h.record(Double.NaN);
        assertThat(h.summary()).isEqualTo(LatencySummary.EMPTY);
    }
}
