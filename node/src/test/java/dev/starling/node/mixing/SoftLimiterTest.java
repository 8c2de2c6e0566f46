package dev.starling.node.mixing;

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
    void extremeIntegersSaturateInsteadOfWrapping() {
        assertThat(limiter.apply(Integer.MAX_VALUE)).isEqualTo(Short.MAX_VALUE);
        assertThat(limiter.apply(-Integer.MAX_VALUE)).isEqualTo((short) -Short.MAX_VALUE);
        // |Integer.MIN_VALUE| does not fit an int; it must not come out as silence or positive.
        assertThat(limiter.apply(Integer.MIN_VALUE)).isEqualTo((short) -Short.MAX_VALUE);
    }

    @Test
    void lowThresholdStillTransparentBelowAndBoundedAbove() {
        SoftLimiter low = new SoftLimiter(1_000);
        for (int v = -1_000; v <= 1_000; v++) {
            assertThat(low.apply(v)).isEqualTo((short) v);
        }
        for (int v = 1_001; v <= 2_000_000; v += 7) {
            assertThat(low.apply(v)).isBetween((short) 1_000, Short.MAX_VALUE);
            assertThat(low.apply(-v)).isEqualTo((short) -low.apply(v));
        }
    }

    @Test
    void followsTheDocumentedTanhKneeExactly() {
        // threshold + headroom * tanh(excess / headroom), truncated, for every magnitude a mix
        // of up to 8 full-scale sources can reach and a sample of larger ones.
        double headroom = Short.MAX_VALUE - 24_576;
        for (long v = 24_577; v <= 8 * 32_768L + 1; v++) {
            int expected = (int) (24_576 + headroom * Math.tanh((v - 24_576) / headroom));
            assertThat(limiter.apply((int) v)).as("%d", v).isEqualTo((short) expected);
            assertThat(limiter.apply((int) -v)).isEqualTo((short) -expected);
        }
        for (long v = 8 * 32_768L; v <= Integer.MAX_VALUE; v += 104_729) {
            int expected = Math.min(Short.MAX_VALUE, (int) (24_576 + headroom * Math.tanh((v - 24_576) / headroom)));
            assertThat(limiter.apply((int) v)).isEqualTo((short) expected);
        }
    }

    @Test
    void rejectsBadThreshold() {
        assertThatThrownBy(() -> new SoftLimiter(0)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new SoftLimiter(32_767)).isInstanceOf(IllegalArgumentException.class);
    }
}
