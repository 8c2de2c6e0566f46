package dev.starling.node.mixer;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class SoftLimiterTest {

    private final SoftLimiter limiter = SoftLimiter.standard();

    @Test
    void transparentBelowThreshold() {
        for (int v = -24_576; v <= 24_576; v++) {
            assertThat(limiter.apply(v)).isEqualTo((short) v);
        }
    }

    @Test
    void neverExceedsFullScaleAndNeverWrapsAround() {
        // Up to 32 sources at full scale, both polarities.
        for (int v = 24_577; v <= 32 * 32_768; v += 31) {
            short pos = limiter.apply(v);
            short neg = limiter.apply(-v);
            assertThat(pos).isBetween((short) 24_576, Short.MAX_VALUE);
            assertThat(neg).isEqualTo((short) -pos);
        }
        assertThat(limiter.apply(Integer.MAX_VALUE / 2)).isEqualTo(Short.MAX_VALUE);
    }

    @Test
    void monotonicAboveThresholdSoLouderStaysLouder() {
        short previous = limiter.apply(24_576);
        for (int v = 24_577; v <= 200_000; v++) {
            short now = limiter.apply(v);
            assertThat(now).isGreaterThanOrEqualTo(previous);
            previous = now;
        }
    }

    @Test
    void kneeStartsWithSlopeOne() {
        // Just above the knee, tanh(x) ~ x: 100 over the threshold comes out ~100 over it.
        assertThat(limiter.apply(24_676) - 24_576).isBetween(99, 100);
    }

    @Test
    void rejectsBadThreshold() {
        assertThatThrownBy(() -> new SoftLimiter(0)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new SoftLimiter(32_767)).isInstanceOf(IllegalArgumentException.class);
    }
}
