package dev.starling.node.election;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import org.junit.jupiter.api.Test;

class SeedScoringTest {

    private static final double EPS = 1e-9;
    private final SeedScoring seed = new SeedScoring();

    @Test
    void workedExampleThreePeers() {
        // A: 1500 kbps, 10 ms/frame, 50 Mbit/s
        // B: 1000 kbps, 20 ms/frame, 30 Mbit/s
        // C:  500 kbps, 40 ms/frame, 20 Mbit/s
        // totals: bitrate 3000, encode 70, speed 100
        List<Points> points = seed.score(List.of(
                new PeerCapability("C", 500, 40, 20, 5),
                new PeerCapability("A", 1500, 10, 50, 5),
                new PeerCapability("B", 1000, 20, 30, 5)));

        assertThat(points).extracting(Points::peerId).containsExactly("A", "B", "C");
        Points a = points.get(0);
        Points b = points.get(1);
        Points c = points.get(2);
        // bitrate = peer / 3000 * 100
        assertThat(a.bitrate()).isCloseTo(1500.0 / 3000 * 100, within(EPS)); // 50
        assertThat(b.bitrate()).isCloseTo(1000.0 / 3000 * 100, within(EPS)); // 33.33
        assertThat(c.bitrate()).isCloseTo(500.0 / 3000 * 100, within(EPS)); // 16.67
        // encode = 70 / peer (not x100, as in the seed)
        assertThat(a.encode()).isCloseTo(7.0, within(EPS)); // 70 / 10
        assertThat(b.encode()).isCloseTo(3.5, within(EPS)); // 70 / 20
        assertThat(c.encode()).isCloseTo(1.75, within(EPS)); // 70 / 40
        // throughput = peer / 100 * 100
        assertThat(a.throughput()).isCloseTo(50, within(EPS));
        assertThat(b.throughput()).isCloseTo(30, within(EPS));
        assertThat(c.throughput()).isCloseTo(20, within(EPS));
        // totals: A 50 + 7 + 50 = 107; B 33.33 + 3.5 + 30 = 66.83; C 16.67 + 1.75 + 20 = 38.42
        assertThat(a.total()).isCloseTo(107.0, within(EPS));
        assertThat(b.total()).isCloseTo(100.0 / 3 + 3.5 + 30, within(EPS));
        assertThat(c.total()).isCloseTo(50.0 / 3 + 1.75 + 20, within(EPS));
    }

    @Test
    void seedLetsAFourTimesSlowerEncoderWinBecauseEncodePointsAreTiny() {
        // A: 1000 kbps, 40 ms, 55 Mbit/s; B: 1000 kbps, 10 ms, 45 Mbit/s
        // bitrate: 50 / 50; encode total 50: A 50/40 = 1.25, B 50/10 = 5; speed: 55 / 45
        // A = 50 + 1.25 + 55 = 106.25 beats B = 50 + 5 + 45 = 100
        List<Points> points =
                seed.score(List.of(new PeerCapability("A", 1000, 40, 55, 5), new PeerCapability("B", 1000, 10, 45, 5)));
        assertThat(points.get(0).total()).isCloseTo(106.25, within(EPS));
        assertThat(points.get(1).total()).isCloseTo(100.0, within(EPS));
    }

    @Test
    void missingAndZeroFiguresEarnNothingAndAreLeftOutOfTotals() {
        // B has no bitrate, no encode time (0 = nothing encoded) and no probe answer.
        // Totals then come from A alone: A gets 100 + 10/10 + 100 = 201, B gets 0.
        List<Points> points = seed.score(List.of(
                new PeerCapability("A", 800, 10, 40, 5),
                new PeerCapability("B", PeerCapability.MISSING, 0, PeerCapability.MISSING, 5)));
        assertThat(points.get(0).total()).isCloseTo(201, within(EPS));
        assertThat(points.get(1)).isEqualTo(new Points("B", 0, 0, 0, 0));
    }

    @Test
    void allZeroCriteriaGiveZeroInsteadOfNaN() {
        List<Points> points = seed.score(
                List.of(new PeerCapability("A", 0, PeerCapability.MISSING, 0, 5), new PeerCapability("B", 0, 0, 0, 5)));
        assertThat(points).allSatisfy(p -> assertThat(p.total()).isZero());
    }

    @Test
    void emptyInputGivesNoPoints() {
        assertThat(seed.score(List.of())).isEmpty();
    }
}
