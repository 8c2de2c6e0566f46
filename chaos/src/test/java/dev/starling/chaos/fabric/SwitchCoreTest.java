package dev.starling.chaos.fabric;

import static org.assertj.core.api.Assertions.assertThat;

import dev.starling.chaos.impairment.ImpairmentFactory;
import dev.starling.chaos.scenario.FaultAction;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class SwitchCoreTest {
    private static final long MAC_A = 0x02_00_00_00_00_0AL, MAC_B = 0x02_00_00_00_00_0BL, MAC_C = 0x02_00_00_00_00_0CL;
    private static final long MS = 1_000_000;

    private record Out(int port, long at, byte[] frame) {}

    private final List<Out> out = new ArrayList<>();
    private final List<PortCounters> counters = List.of(new PortCounters(), new PortCounters(), new PortCounters());
    private final LinkPolicy policy = new LinkPolicy(List.of("a", "b", "c"), new ImpairmentFactory(7));
    private int capacity = Integer.MAX_VALUE;
    private final SwitchCore core = new SwitchCore(new MacTable(64, 60_000 * MS), policy, counters, (p, at, f) -> {
        if (out.size() >= capacity) return false;
        out.add(new Out(p, at, f));
        return true;
    });

    static byte[] frame(long dst, long src, int bytes) {
        byte[] f = new byte[bytes];
        for (int i = 0; i < 6; i++) {
            f[i] = (byte) (dst >>> (40 - 8 * i));
            f[6 + i] = (byte) (src >>> (40 - 8 * i));
        }
        f[12] = 0x08; // IPv4
        return f;
    }

    /** a and b introduce themselves, as ARP would, so later unicast frames have known ports. */
    private void learnAandB() {
        core.forward(0, frame(Ethernet.BROADCAST, MAC_A, 60), 0);
        core.forward(1, frame(MAC_A, MAC_B, 60), 0);
        out.clear();
    }

    private List<Integer> ports() {
        return out.stream().map(Out::port).toList();
    }

    @Test
    void floodsBroadcastAndUnknownThenSwitchesLearnedUnicast() {
        core.forward(0, frame(Ethernet.BROADCAST, MAC_A, 60), 5);
        assertThat(ports()).containsExactly(1, 2);
        out.clear();
        core.forward(1, frame(MAC_C, MAC_B, 60), 6); // C never spoke: flood
        assertThat(ports()).containsExactly(0, 2);
        out.clear();
        core.forward(1, frame(MAC_A, MAC_B, 60), 7);
        assertThat(ports()).containsExactly(0);
        assertThat(out.get(0).at()).isEqualTo(7);
        assertThat(counters.get(1).snapshot().flooded()).isEqualTo(1);
    }

    @Test
    void runtsAndFramesForTheSendersOwnPortGoNowhere() {
        core.forward(0, new byte[10], 0);
        learnAandB();
        core.forward(0, frame(MAC_A, MAC_A, 60), 0);
        assertThat(out).isEmpty();
    }

    @Test
    void delayAppliesToItsDirectedLinkOnly() {
        learnAandB();
        policy.set(0, 1, List.of(new FaultAction.Delay(Duration.ofMillis(50), Duration.ZERO, 0, Optional.empty())));
        core.forward(0, frame(MAC_B, MAC_A, 100), 1_000);
        core.forward(1, frame(MAC_A, MAC_B, 100), 1_000);
        assertThat(out)
                .extracting(Out::port, Out::at)
                .containsExactly(
                        org.assertj.core.groups.Tuple.tuple(1, 1_000 + 50 * MS),
                        org.assertj.core.groups.Tuple.tuple(0, 1_000L));
    }

    @Test
    void lossDropsUnicastButBroadcastPassesUnimpaired() {
        learnAandB();
        policy.set(0, 1, List.of(new FaultAction.Loss(100, 0)));
        core.forward(0, frame(MAC_B, MAC_A, 100), 0);
        assertThat(out).isEmpty();
        assertThat(counters.get(0).snapshot().droppedImpairment()).isEqualTo(1);
        core.forward(0, frame(Ethernet.BROADCAST, MAC_A, 60), 0); // ARP who-has
        assertThat(ports()).containsExactly(1, 2);
    }

    @Test
    void lossRateOfTheLinkShowsInForwardedFrames() {
        learnAandB();
        policy.set(0, 1, List.of(new FaultAction.Loss(10, 0)));
        for (int i = 0; i < 20_000; i++) core.forward(0, frame(MAC_B, MAC_A, 100), i * MS);
        assertThat(out.size() / 20_000.0).isBetween(0.89, 0.91);
        assertThat(counters.get(0).snapshot().droppedImpairment()).isEqualTo(20_000 - out.size());
    }

    @Test
    void rateSpacesDeparturesByFrameSize() {
        learnAandB();
        policy.set(0, 1, List.of(new FaultAction.Rate(1_000_000))); // 1 Mbit/s: 1000 bytes take 8 ms
        for (int i = 0; i < 5; i++) core.forward(0, frame(MAC_B, MAC_A, 1_000), 0);
        List<Long> gaps = new ArrayList<>();
        for (int i = 1; i < out.size(); i++)
            gaps.add(out.get(i).at() - out.get(i - 1).at());
        // The first frame leaves at once and the bucket keeps 514 of its 1514-byte burst, so the
        // second gap is shorter; from then on frames leave exactly one serialization time apart.
        assertThat(gaps.get(0)).isLessThan(8 * MS);
        assertThat(gaps.subList(1, 4)).allSatisfy(g -> assertThat(g).isBetween(8 * MS - 1_000, 8 * MS + 1_000));
    }

    @Test
    void partitionBlocksEverythingAcrossGroupsUntilHealed() {
        learnAandB();
        policy.partition(new int[] {0, 1, -1}); // c in no group still reaches both
        core.forward(0, frame(MAC_B, MAC_A, 60), 0);
        core.forward(0, frame(Ethernet.BROADCAST, MAC_A, 60), 0);
        assertThat(ports()).containsExactly(2);
        assertThat(counters.get(0).snapshot().droppedPartition()).isEqualTo(2);
        policy.heal();
        out.clear();
        core.forward(0, frame(MAC_B, MAC_A, 60), 0);
        assertThat(ports()).containsExactly(1);
    }

    @Test
    void duplicatesAreSeparateBuffersAndCorruptionFlipsOneBitOfACopy() {
        learnAandB();
        policy.set(0, 1, List.of(new FaultAction.Duplicate(100, 0)));
        byte[] original = frame(MAC_B, MAC_A, 100);
        core.forward(0, original, 0);
        assertThat(out).hasSize(2);
        assertThat(out.get(0).frame())
                .isNotSameAs(out.get(1).frame())
                .isEqualTo(out.get(1).frame());
        out.clear();
        policy.set(0, 1, List.of(new FaultAction.Corrupt(100, 0)));
        byte[] f = frame(MAC_B, MAC_A, 100);
        byte[] pristine = f.clone();
        core.forward(0, f, 0);
        assertThat(f).isEqualTo(pristine);
        int differingBits = 0;
        for (int i = 0; i < f.length; i++)
            differingBits += Integer.bitCount((f[i] ^ out.get(0).frame()[i]) & 0xFF);
        assertThat(differingBits).isEqualTo(1);
        assertThat(counters.get(0).snapshot().corrupted()).isEqualTo(1);
    }

    @Test
    void aFullOutputQueueIsCountedOnTheOutputPort() {
        learnAandB();
        capacity = 1;
        core.forward(0, frame(MAC_B, MAC_A, 60), 0);
        core.forward(0, frame(MAC_B, MAC_A, 60), 0);
        assertThat(counters.get(1).snapshot().droppedQueueFull()).isEqualTo(1);
    }
}
