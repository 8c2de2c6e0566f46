package dev.starling.node.election;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.Set;
import org.junit.jupiter.api.Test;

class ElectionServicePartsTest {

    @Test
    void metricsWindowCountsNewReportsAndAveragesTheLastFew() {
        MetricsWindow w = new MetricsWindow(2);
        assertThat(w.observe("p", 1000, 100, 4)).isPresent();
        assertThat(w.observe("p", 1000, 999, 9)).as("same report seen again").isEmpty();
        w.observe("p", 2000, 200, 0);
        var m = w.observe("p", 3000, 300, 6).orElseThrow();
        assertThat(m.reportCount()).isEqualTo(3);
        assertThat(m.avgBitrateKbps()).isEqualTo(250);
        assertThat(m.avgEncodeMs()).as("0 ms means nothing encoded, not infinitely fast").isEqualTo(6);
        w.retain(Set.of("q"));
        assertThat(w.current("p")).isEmpty();
    }

    @Test
    void probeTrackerTimesRoomProbesAndPassesMediaFiguresThrough() {
        ProbeTracker t = new ProbeTracker();
        Instant t0 = Instant.parse("2026-01-01T00:00:00Z");
        t.timed("b", 1, t0, 2 * 1024 * 1024);
        t.measured("c", 1, 42.0);
        // 2 MiB in 100 ms = 167.8 Mbit/s.
        assertThat(t.answered("b", 1, t0.plusMillis(100)).getAsDouble()).isCloseTo(167.77, org.assertj.core.data.Offset.offset(0.01));
        assertThat(t.answered("b", 1, t0.plusMillis(200))).as("answered once").isEmpty();
        assertThat(t.answered("c", 1, t0).getAsDouble()).isEqualTo(42.0);
        t.timed("d", 1, t0, 10);
        t.forgetBefore(2);
        assertThat(t.answered("d", 1, t0)).isEmpty();
    }

    @Test
    void probeReceiptsAnswerWhenTheAnnouncedBytesAreIn() {
        ProbeReceipts r = new ProbeReceipts();
        assertThat(r.chunk("a", 1, 0, 0)).hasValue(0);
        assertThat(r.chunk("a", 2, 600, 1000)).isEmpty();
        assertThat(r.chunk("b", 2, 600, 1000)).isEmpty();
        assertThat(r.chunk("a", 2, 400, 1000)).hasValue(1000);
    }
}
