package dev.starling.node.election;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class ProbeTrackerTest {
    private static final Instant T0 = Instant.parse("2026-11-22T00:00:00Z");

    @Test
    void anAnsweredProbeIsReusableOnlyWhileYoung() {
        ProbeTracker probes = new ProbeTracker();
        probes.timed("b", 1, T0, 2 * 1024 * 1024);
        assertThat(probes.answered("b", 1, T0.plusMillis(1000)))
                .hasValueCloseTo(16.78, org.assertj.core.data.Offset.offset(0.01));
        assertThat(probes.recent("b", T0.plusSeconds(20), Duration.ofSeconds(30)))
                .hasValueCloseTo(16.78, org.assertj.core.data.Offset.offset(0.01));
        assertThat(probes.recent("b", T0.plusSeconds(32), Duration.ofSeconds(30)))
                .isEmpty();
        assertThat(probes.recent("c", T0, Duration.ofSeconds(30))).isEmpty();
    }

    @Test
    void anUnansweredProbeIsNotReused() {
        ProbeTracker probes = new ProbeTracker();
        probes.measured("b", 1, 40);
        assertThat(probes.recent("b", T0, Duration.ofSeconds(30))).isEmpty();
    }
}
