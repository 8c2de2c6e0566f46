package dev.starling.chaos.impairment;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.starling.chaos.scenario.FaultAction;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class LinkImpairmentTest {
    private static final long MS = 1_000_000L;

    @Test
    void tokenBucketCapsThroughputAtTheRate() {
        TokenBucket bucket = new TokenBucket(1_000_000, 1514, 500 * MS);
        long first = -1, last = 0, bytes = 0;
        int dropped = 0;
        for (int i = 0; i < 2_500; i++) { // 1000-byte packets every 4 ms = 2 Mbit/s offered for 10 s
            long at = bucket.departAt(i * 4 * MS, 1000);
            if (at == TokenBucket.DROP) {
                dropped++;
                continue;
            }
            if (first < 0) first = at;
            last = at;
            bytes += 1000;
        }
        double bitsPerSecond = (bytes - 1000) * 8 / ((last - first) / 1e9);
        assertThat(bitsPerSecond).isCloseTo(1_000_000, within(10_000.0));
        assertThat(dropped).isCloseTo(1_250, within(80)); // about half the offered load
    }

    @Test
    void tokenBucketBelowTheRateAddsNoDelayAndBoundsTheQueue() {
        TokenBucket bucket = new TokenBucket(1_000_000, 1514, 500 * MS);
        int delayed = 0;
        for (int i = 0; i < 500; i++) {
            long now = i * 16 * MS; // 0.5 Mbit/s
            if (bucket.departAt(now, 1000) != now) delayed++;
        }
        assertThat(delayed).isZero();
        TokenBucket flooded = new TokenBucket(1_000_000, 1514, 500 * MS);
        long latest = 0;
        for (int i = 0; i < 2_000; i++) latest = Math.max(latest, flooded.departAt(0, 1000));
        assertThat(latest).isLessThanOrEqualTo(500 * MS).isGreaterThan(400 * MS);
    }

    @Test
    void duplicationAndCorruptionHitTheirShare() {
        LinkImpairment link = new ImpairmentFactory(7)
                .build("a->b", List.of(new FaultAction.Duplicate(10, 0), new FaultAction.Corrupt(1, 0)));
        int dup = 0, corrupt = 0, badBit = 0, late = 0, n = 200_000;
        for (int i = 0; i < n; i++) { // plain counters: assertion objects per packet would dominate the run time
            Decision d = link.decide(i * MS, 200);
            if (d.duplicated()) dup++;
            for (Delivery x : d.deliveries()) {
                if (x.corrupted()) {
                    corrupt++;
                    if (x.flippedBit() < 0 || x.flippedBit() >= 200 * 8) badBit++;
                }
                if (x.atNanos() != i * MS) late++;
            }
        }
        assertThat(badBit).isZero();
        assertThat(late).isZero();
        assertThat(dup / (double) n).isCloseTo(0.10, within(0.004));
        assertThat(corrupt / (n * 1.1)).isCloseTo(0.01, within(0.001));
    }

    @Test
    void lossWithAPendingDuplicateOnlyCancelsTheCopyAsInNetem() {
        double d = 0.2, p = 0.1;
        LinkImpairment link = new ImpairmentFactory(3)
                .build("a->b", List.of(new FaultAction.Duplicate(20, 0), new FaultAction.Loss(10, 0)));
        long copies = 0, dropped = 0, n = 200_000;
        for (int i = 0; i < n; i++) {
            Decision x = link.decide(i * MS, 100);
            copies += x.deliveries().size();
            if (x.dropped()) dropped++;
        }
        // No duplicate: the loss drops the packet. Duplicate: loss removes one copy, or the copy
        // is lost on its own second pass.
        double expectedCopies = (1 - d) * (1 - p) + d * (p + (1 - p) * (2 - p));
        assertThat(copies / (double) n).isCloseTo(expectedCopies, within(0.006));
        assertThat(dropped / (double) n).isCloseTo((1 - d) * p, within(0.003));
    }

    @Test
    void corruptionFlipsExactlyOneBit() {
        byte[] frame = new byte[4];
        Corruption.flip(frame, 13);
        assertThat(frame).containsExactly(0, 0x20, 0, 0);
    }

    @Test
    void reorderedPacketsSkipTheDelayAndRespectTheGap() {
        LinkImpairment link = new ImpairmentFactory(8)
                .build(
                        "a->b",
                        List.of(
                                new FaultAction.Delay(Duration.ofMillis(100), Duration.ZERO, 0, Optional.empty()),
                                new FaultAction.Reorder(25, 0, 1)));
        int early = 0, other = 0, n = 100_000;
        for (int i = 0; i < n; i++) {
            long at = link.decide(i * MS, 100).deliveries().get(0).atNanos();
            if (at == i * MS) early++;
            else if (at != i * MS + 100 * MS) other++;
        }
        assertThat(other).isZero();
        assertThat(early / (double) n).isCloseTo(0.25, within(0.006));

        LinkImpairment gapped = new ImpairmentFactory(8)
                .build(
                        "a->b",
                        List.of(
                                new FaultAction.Delay(Duration.ofMillis(100), Duration.ZERO, 0, Optional.empty()),
                                new FaultAction.Reorder(100, 0, 5)));
        List<Integer> earlyIndexes = new ArrayList<>();
        for (int i = 0; i < 50; i++) {
            if (gapped.decide(i * MS, 100).deliveries().get(0).atNanos() == i * MS) earlyIndexes.add(i);
        }
        assertThat(earlyIndexes).startsWith(4, 9, 14, 19); // every 5th packet, the rest delayed
    }

    @Test
    void composedPipelineDelaysAndLosesTogether() {
        LinkImpairment link = new ImpairmentFactory(9)
                .build(
                        "a->b",
                        List.of(
                                new FaultAction.Delay(
                                        Duration.ofMillis(50), Duration.ofMillis(10), 0, Optional.empty()),
                                new FaultAction.Loss(5, 0)));
        int delivered = 0, n = 100_000;
        double sum = 0;
        for (int i = 0; i < n; i++) {
            Decision d = link.decide(i * MS, 100);
            if (d.dropped()) continue;
            delivered++;
            sum += (d.deliveries().get(0).atNanos() - i * MS) / 1e6;
        }
        assertThat(delivered / (double) n).isCloseTo(0.95, within(0.004));
        assertThat(sum / delivered).isCloseTo(50, within(0.1));
    }

    @Test
    void sameSeedSameFateDifferentSeedDifferentFate() {
        List<FaultAction.Netem> actions = List.of(
                new FaultAction.Delay(Duration.ofMillis(40), Duration.ofMillis(20), 25, Optional.empty()),
                new FaultAction.Loss(10, 0),
                new FaultAction.Duplicate(5, 0));
        assertThat(trace(new ImpairmentFactory(1), actions)).isEqualTo(trace(new ImpairmentFactory(1), actions));
        assertThat(trace(new ImpairmentFactory(1), actions)).isNotEqualTo(trace(new ImpairmentFactory(2), actions));
    }

    @Test
    void aCleanLinkDeliversImmediately() {
        assertThat(LinkImpairment.clean().decide(42, 1500).deliveries())
                .containsExactly(new Delivery(42, Corruption.NONE));
    }

    private static List<Decision> trace(ImpairmentFactory f, List<FaultAction.Netem> actions) {
        LinkImpairment link = f.build("a->b", actions);
        List<Decision> out = new ArrayList<>();
        for (int i = 0; i < 1_000; i++) out.add(link.decide(i * MS, 200));
        return out;
    }
}
