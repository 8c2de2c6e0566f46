package dev.starling.chaos.impairment;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.starling.chaos.scenario.Distribution;
import java.time.Duration;
import java.util.Optional;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class DelayModelTest {
    private static final int N = 200_000;

    private static double[] delaysMs(
            Duration time, Duration jitter, double corr, Optional<Distribution> dist, long seed) {
        JitterDelay d = new JitterDelay(time, jitter, corr, dist, new SplittableRandom(seed));
        double[] out = new double[N];
        for (int i = 0; i < N; i++) out[i] = d.nextDelayNanos() / 1e6;
        return out;
    }

    @Test
    void fixedDelayHasNoSpread() {
        double[] x = delaysMs(Duration.ofMillis(50), Duration.ZERO, 0, Optional.empty(), 1);
        assertThat(Stats.mean(x)).isEqualTo(50.0);
        assertThat(Stats.stddev(x)).isZero();
    }

    @Test
    void uniformJitterSpansPlusMinusJitter() {
        double[] x = delaysMs(Duration.ofMillis(100), Duration.ofMillis(20), 0, Optional.empty(), 2);
        assertThat(Stats.mean(x)).isCloseTo(100, within(0.1));
        assertThat(Stats.stddev(x)).isCloseTo(20 / Math.sqrt(3), within(0.1)); // uniform over a 40 ms span
        assertThat(java.util.Arrays.stream(x).min().orElseThrow()).isGreaterThanOrEqualTo(80);
        assertThat(java.util.Arrays.stream(x).max().orElseThrow()).isLessThan(120);
        assertThat(Math.abs(Stats.lag1(x))).isLessThan(0.01);
    }

    @ParameterizedTest
    @EnumSource(
            value = Distribution.class,
            names = {"NORMAL", "PARETO", "PARETONORMAL"})
    void tableDistributionsHaveMeanTimeAndDeviationJitter(Distribution dist) {
        double[] x = delaysMs(Duration.ofMillis(100), Duration.ofMillis(20), 0, Optional.of(dist), 3);
        assertThat(Stats.mean(x)).isCloseTo(100, within(0.3));
        assertThat(Stats.stddev(x)).isCloseTo(20, within(0.6));
    }

    @Test
    void normalIsSymmetricAndParetoIsRightSkewed() {
        double[] normal =
                delaysMs(Duration.ofMillis(100), Duration.ofMillis(20), 0, Optional.of(Distribution.NORMAL), 4);
        double[] pareto =
                delaysMs(Duration.ofMillis(100), Duration.ofMillis(20), 0, Optional.of(Distribution.PARETO), 4);
        assertThat(median(normal)).isCloseTo(100, within(0.5));
        // A heavy right tail pulls the mean above the median.
        assertThat(median(pareto)).isLessThan(95);
        assertThat(fractionAbove(normal, 140)).isCloseTo(0.0228, within(0.003)); // P(Z > 2)
    }

    @Test
    void correlationMakesConsecutiveDelaysSimilarAndKeepsTheMean() {
        double[] x = delaysMs(Duration.ofMillis(100), Duration.ofMillis(20), 50, Optional.empty(), 5);
        assertThat(Stats.mean(x)).isCloseTo(100, within(0.2));
        assertThat(Stats.lag1(x)).isCloseTo(0.5, within(0.02));
        // netem's averaging narrows the spread by sqrt((1-c)/(1+c)).
        assertThat(Stats.stddev(x)).isCloseTo(20 / Math.sqrt(3) * Math.sqrt(0.5 / 1.5), within(0.1));
    }

    @Test
    void negativeDelaysAreClampedToZero() {
        double[] x = delaysMs(Duration.ofMillis(5), Duration.ofMillis(20), 0, Optional.of(Distribution.NORMAL), 6);
        assertThat(java.util.Arrays.stream(x).min().orElseThrow()).isEqualTo(0);
    }

    private static double median(double[] x) {
        double[] c = x.clone();
        java.util.Arrays.sort(c);
        return c[c.length / 2];
    }

    private static double fractionAbove(double[] x, double limit) {
        return java.util.Arrays.stream(x).filter(v -> v > limit).count() / (double) x.length;
    }
}
