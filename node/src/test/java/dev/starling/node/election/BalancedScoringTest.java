package dev.starling.node.election;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import org.junit.jupiter.api.Test;

class BalancedScoringTest {

    private static final double EPS = 1e-9;

    @Test
    void workedExampleThreePeersEqualWeights() {
        // Same inputs as the seed example. Best: bitrate 1500, encode 10 ms, speed 50.
        // A: 1500/1500*100 = 100, 10/10*100 = 100, 50/50*100 = 100   -> (100+100+100)/3 = 100
        // B: 1000/1500*100 = 66.67, 10/20*100 = 50, 30/50*100 = 60   -> 176.67/3 = 58.89
        // C: 500/1500*100 = 33.33, 10/40*100 = 25, 20/50*100 = 40    -> 98.33/3 = 32.78
        List<Points> points = new BalancedScoring()
                .score(List.of(
                        new PeerCapability("A", 1500, 10, 50, 5),
                        new PeerCapability("B", 1000, 20, 30, 5),
                        new PeerCapability("C", 500, 40, 20, 5)));
        assertThat(points.get(0).total()).isCloseTo(100, within(EPS));
        assertThat(points.get(1).bitrate()).isCloseTo(200.0 / 3 / 3, within(EPS));
        assertThat(points.get(1).encode()).isCloseTo(50.0 / 3, within(EPS));
        assertThat(points.get(1).throughput()).isCloseTo(60.0 / 3, within(EPS));
        assertThat(points.get(1).total()).isCloseTo((200.0 / 3 + 50 + 60) / 3, within(EPS));
        assertThat(points.get(2).total()).isCloseTo((100.0 / 3 + 25 + 40) / 3, within(EPS));
    }

    @Test
    void fastEncoderWinsWhereSeedWouldPickTheSlowOne() {
        // A: 1000 kbps, 40 ms, 55 Mbit/s; B: 1000 kbps, 10 ms, 45 Mbit/s (seed picks A, 106.25 vs 100)
        // A: 100, 10/40*100 = 25, 100           -> 225/3 = 75
        // B: 100, 100, 45/55*100 = 81.82        -> 281.82/3 = 93.94
        List<Points> points = new BalancedScoring()
                .score(List.of(new PeerCapability("A", 1000, 40, 55, 5), new PeerCapability("B", 1000, 10, 45, 5)));
        assertThat(points.get(0).total()).isCloseTo(75, within(EPS));
        assertThat(points.get(1).total()).isCloseTo((200 + 45.0 / 55 * 100) / 3, within(EPS));
        assertThat(points.get(1).total()).isGreaterThan(points.get(0).total());
    }

    @Test
    void encodeTimeIsWeighedAgainstTheCpuBudget() {
        // Desktop: 3 ms on 2 cores = 1.5 ms per core; phone: 2 ms on a quarter core = 8 per core.
        // Encode points: desktop 100, phone 1.5/8*100 = 18.75 (by time alone the phone would win).
        List<Points> points = new BalancedScoring()
                .score(List.of(
                        new PeerCapability("desktop", 100, 3, 1, 2, 5),
                        new PeerCapability("phone", 100, 2, 1, 0.25, 5)));
        assertThat(points.get(0).encode()).isCloseTo(100.0 / 3, within(EPS));
        assertThat(points.get(1).encode()).isCloseTo(18.75 / 3, within(EPS));

        List<Points> withoutBudget = new BalancedScoring()
                .score(List.of(
                        new PeerCapability("desktop", 100, 3, 1, 2, 5),
                        new PeerCapability("old-node", 100, 2, 1, PeerCapability.MISSING, 5)));
        assertThat(withoutBudget.get(1).encode())
                .as("one peer without a budget: all compared by time, none gains by leaving it out")
                .isCloseTo(100.0 / 3, within(EPS));
        assertThat(withoutBudget.get(0).encode()).isCloseTo(2.0 / 3 * 100 / 3, within(EPS));
    }

    @Test
    void weightsAreConfigurableAndOnlyTheirRatioMatters() {
        // Weights 2:1:1 -> 0.5, 0.25, 0.25.
        // A (1000, 40, 55): 0.5*100 + 0.25*25 + 0.25*100 = 81.25
        // B (500, 10, 55):  0.5*50 + 0.25*100 + 0.25*100 = 75
        List<PeerCapability> peers =
                List.of(new PeerCapability("A", 1000, 40, 55, 5), new PeerCapability("B", 500, 10, 55, 5));
        List<Points> p = new BalancedScoring(new ScoringWeights(2, 1, 1)).score(peers);
        assertThat(p.get(0).total()).isCloseTo(81.25, within(EPS));
        assertThat(p.get(1).total()).isCloseTo(75, within(EPS));
        List<Points> same = new BalancedScoring(new ScoringWeights(4, 2, 2)).score(peers);
        assertThat(same.get(0).total()).isCloseTo(81.25, within(EPS));
    }

    @Test
    void totalsStayWithinZeroToHundred() {
        List<Points> points = new BalancedScoring(new ScoringWeights(0, 3, 1))
                .score(List.of(
                        new PeerCapability("A", 9000, 1, 900, 5),
                        new PeerCapability("B", 1, 500, 0.1, 5),
                        new PeerCapability(
                                "C", PeerCapability.MISSING, PeerCapability.MISSING, PeerCapability.MISSING, 0)));
        assertThat(points).allSatisfy(p -> assertThat(p.total()).isBetween(0.0, 100.0 + EPS));
        assertThat(points.get(2).total()).isZero();
    }

    @Test
    void missingCriterionForEveryoneGivesZeroNotNaN() {
        // Nobody encodes video yet: encode counts 0 for all, bitrate 0 for all.
        // A: speed 20/40*100 = 50 -> 50/3; B: 100/3
        List<Points> points = new BalancedScoring()
                .score(List.of(
                        new PeerCapability("A", 0, 0, 20, 5),
                        new PeerCapability("B", 0, PeerCapability.MISSING, 40, 5)));
        assertThat(points.get(0).total()).isCloseTo(50.0 / 3, within(EPS));
        assertThat(points.get(1).total()).isCloseTo(100.0 / 3, within(EPS));
    }

    @Test
    void invalidInputsAreRejected() {
        assertThatThrownBy(() -> new ScoringWeights(0, 0, 0)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new ScoringWeights(-1, 1, 1)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new PeerCapability("A", -1, 1, 1, 1)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new PeerCapability("A", 1, Double.POSITIVE_INFINITY, 1, 1))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void policyResolvesByWireName() {
        assertThat(ScoringPolicy.forName("seed", ScoringWeights.EQUAL)).isInstanceOf(SeedScoring.class);
        assertThat(ScoringPolicy.forName("balanced", ScoringWeights.EQUAL)).isInstanceOf(BalancedScoring.class);
        assertThat(ScoringPolicy.forName("", ScoringWeights.EQUAL).name()).isEqualTo("balanced");
    }
}
