package dev.starling.chaos.impairment;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class LossModelTest {
    private static final int N = 400_000;

    private static boolean[] run(LossModel m) {
        boolean[] lost = new boolean[N];
        for (int i = 0; i < N; i++) lost[i] = m.lose();
        return lost;
    }

    @Test
    void randomLossMatchesPercentWithGeometricBursts() {
        boolean[] lost = run(new RandomLoss(2, 0, new SplittableRandom(11)));
        assertThat(Stats.rate(lost)).isCloseTo(0.02, within(0.02 * 0.05));
        assertThat(Stats.meanBurst(lost)).isCloseTo(1 / 0.98, within(0.02));
    }

    @Test
    void correlatedLossKeepsTheRateButLengthensBursts() {
        double p = 0.02, c = 0.25;
        boolean[] lost = run(new RandomLoss(2, 25, new SplittableRandom(12)));
        assertThat(Stats.rate(lost)).isCloseTo(p, within(p * 0.08));
        double stay = p + c * (1 - p); // chance the next packet is lost too
        assertThat(Stats.meanBurst(lost)).isCloseTo(1 / (1 - stay), within(0.04));
    }

    @Test
    void fourStateWithTwoStatesHasLossP13OverP13PlusP31AndBurstsOneOverP31() {
        double p13 = 0.05, p31 = 0.9;
        boolean[] lost = run(new FourStateLoss(5, 90, 0, 100, 0, new SplittableRandom(13)));
        assertThat(Stats.rate(lost)).isCloseTo(p13 / (p13 + p31), within(0.002));
        assertThat(Stats.meanBurst(lost)).isCloseTo(1 / p31, within(0.01));
    }

    @Test
    void fourStateFullModelMatchesTheChainsStationaryLoss() {
        double p13 = 0.04, p31 = 0.3, p32 = 0.4, p23 = 0.2, p14 = 0.03;
        double[][] t = {
            {1 - p13 - p14, 0, p13, p14},
            {0, 1 - p23, p23, 0},
            {p31, p32, 1 - p31 - p32, 0},
            {1, 0, 0, 0}
        };
        double[] pi = {1, 0, 0, 0};
        for (int it = 0; it < 10_000; it++) {
            double[] next = new double[4];
            for (int i = 0; i < 4; i++) for (int j = 0; j < 4; j++) next[j] += pi[i] * t[i][j];
            pi = next;
        }
        boolean[] lost = run(new FourStateLoss(4, 30, 40, 20, 3, new SplittableRandom(14)));
        assertThat(Stats.rate(lost)).isCloseTo(pi[2] + pi[3], within(0.004));
    }

    @Test
    void isolatedLossesInStateFourAreSingle() {
        boolean[] lost = run(new FourStateLoss(0, 100, 0, 100, 3, new SplittableRandom(15)));
        assertThat(Stats.bursts(lost)).allMatch(b -> b == 1);
        assertThat(Stats.rate(lost)).isCloseTo(0.03 / 1.03, within(0.002));
    }

    @Test
    void gilbertElliottLossAndBurstsFollowTheChain() {
        double pg = 0.05, pb = 0.5;
        boolean[] lost = run(new GilbertElliottLoss(5, 50, 100, 0, new SplittableRandom(16)));
        assertThat(Stats.rate(lost)).isCloseTo(pg / (pg + pb), within(0.004));
        assertThat(Stats.meanBurst(lost)).isCloseTo(1 / pb, within(0.05));
    }

    @Test
    void gilbertElliottWithPartialLossInBothStates() {
        double pg = 0.1, pb = 0.3, oneH = 0.6, oneK = 0.02;
        boolean[] lost = run(new GilbertElliottLoss(10, 30, 60, 2, new SplittableRandom(17)));
        double expected = (pg * oneH + pb * oneK) / (pg + pb);
        assertThat(Stats.rate(lost)).isCloseTo(expected, within(expected * 0.03));
    }
}
