package dev.starling.node.timesync;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.data.Offset.offset;

import java.util.Random;
import org.junit.jupiter.api.Test;

class ClockOffsetEstimatorTest {
    /** Remote clock is 250 ms ahead; forward and return delays vary independently. */
    private static ClockSample exchange(long t0, long offset, long forward, long back, long hold) {
        long t1 = t0 + forward + offset;
        long t2 = t1 + hold;
        long t3 = t2 - offset + back;
        return new ClockSample(t0, t1, t2, t3);
    }

    @Test
    void picksLowestRttSampleAndBoundsUncertainty() {
        ClockOffsetEstimator est = new ClockOffsetEstimator(16);
        Random rnd = new Random(5);
        long offsetUs = 250_000;
        for (int i = 0; i < 16; i++) {
            long fwd = 2_000 + rnd.nextInt(40_000);
            long back = 2_000 + rnd.nextInt(40_000);
            est.add(exchange(i * 1_000_000L, offsetUs, fwd, back, 300));
        }
        est.add(exchange(20_000_000L, offsetUs, 1_000, 1_200, 300));
        ClockOffset o = est.estimate().orElseThrow();
        assertThat(o.rttMicros()).isEqualTo(2_200);
        assertThat(o.uncertaintyMicros()).isEqualTo(1_100);
        assertThat(o.offsetMicros()).isCloseTo(offsetUs, offset(o.uncertaintyMicros()));
        assertThat(o.toLocalMillis(1_250.0)).isCloseTo(1_000.0, offset(1.2));
    }

    @Test
    void forgetsOldSamplesOutsideWindow() {
        ClockOffsetEstimator est = new ClockOffsetEstimator(2);
        est.add(exchange(0, 0, 100, 100, 0)); // best RTT, but will slide out
        est.add(exchange(1_000, 5_000, 900, 900, 0));
        est.add(exchange(2_000, 5_000, 800, 1_000, 0));
        ClockOffset o = est.estimate().orElseThrow();
        assertThat(o.samples()).isEqualTo(2);
        assertThat(o.rttMicros()).isEqualTo(1_800);
        assertThat(o.offsetMicros()).isCloseTo(5_000, offset(900.0));
    }

    @Test
    void rejectsInconsistentSamples() {
        ClockOffsetEstimator est = new ClockOffsetEstimator();
        assertThat(est.add(new ClockSample(10, 5, 4, 20))).isFalse();
        assertThat(est.add(new ClockSample(10, 5, 6, 9))).isFalse();
        assertThat(est.estimate()).isEmpty();
    }
}
