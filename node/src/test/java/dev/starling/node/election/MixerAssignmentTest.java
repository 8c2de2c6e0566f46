package dev.starling.node.election;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

class MixerAssignmentTest {

    private static Set<String> clients(int n) {
        Set<String> s = new TreeSet<>();
        for (int i = 0; i < n; i++) {
            s.add("c" + i);
        }
        return s;
    }

    @Test
    void equalCapacitiesSplitEvenlyAndTheRemainderGoesToTheBestRanked() {
        // 5 clients, 2 equal mixers: 2.5 each -> floors 2 + 2, the spare one to the first-ranked.
        MixerAssignment a = MixerAssignment.compute(List.of("m1", "m2"), clients(5), Map.of(), RttMatrix.empty());
        assertThat(a.quotas()).containsExactly(Map.entry("m1", 3), Map.entry("m2", 2));
        assertThat(a.clientsOf("m1")).hasSize(3);
        assertThat(a.clientsOf("m2")).hasSize(2);
        assertThat(a.primary()).containsOnlyKeys(clients(5));
    }

    @Test
    void quotasFollowCapacity() {
        // capacities 60 : 30 : 10, 10 clients -> exactly 6, 3, 1
        MixerAssignment a = MixerAssignment.compute(
                List.of("m1", "m2", "m3"), clients(10), Map.of("m1", 60.0, "m2", 30.0, "m3", 10.0), RttMatrix.empty());
        assertThat(a.quotas()).containsExactly(Map.entry("m1", 6), Map.entry("m2", 3), Map.entry("m3", 1));
        // 7 clients -> 4.2, 2.1, 0.7: floors 4, 2, 0; largest remainder 0.7 -> m3 gets 1.
        MixerAssignment b = MixerAssignment.compute(
                List.of("m1", "m2", "m3"), clients(7), Map.of("m1", 60.0, "m2", 30.0, "m3", 10.0), RttMatrix.empty());
        assertThat(b.quotas()).containsExactly(Map.entry("m1", 4), Map.entry("m2", 2), Map.entry("m3", 1));
    }

    @Test
    void everyRoomSizeIsBalancedWithinOneOfTheFairShare() {
        for (int mixers = 1; mixers <= 4; mixers++) {
            List<String> ms = List.of("m1", "m2", "m3", "m4").subList(0, mixers);
            for (int n = 0; n <= 30; n++) {
                MixerAssignment a = MixerAssignment.compute(ms, clients(n), Map.of(), RttMatrix.empty());
                assertThat(a.primary()).hasSize(n);
                for (String m : ms) {
                    assertThat(a.clientsOf(m).size()).isBetween(n / mixers, (n + mixers - 1) / mixers);
                }
            }
        }
    }

    @Test
    void clientsGoToTheNearestMixerWithinItsQuota() {
        // c0, c1 near m2 (5 ms), c2, c3 near m1; all 4 fit 2 + 2.
        RttMatrix rtt = RttMatrix.builder()
                .put("c0", "m1", 80)
                .put("c0", "m2", 5)
                .put("c1", "m1", 90)
                .put("m2", "c1", 6) // reverse direction is used too
                .put("c2", "m1", 10)
                .put("c2", "m2", 70)
                .put("c3", "m1", 11)
                .put("c3", "m2", 60)
                .build();
        MixerAssignment a = MixerAssignment.compute(List.of("m1", "m2"), clients(4), Map.of(), rtt);
        assertThat(a.primary())
                .containsEntry("c0", "m2")
                .containsEntry("c1", "m2")
                .containsEntry("c2", "m1")
                .containsEntry("c3", "m1");
        // Backups are the other mixer.
        assertThat(a.backups()).containsEntry("c0", "m1").containsEntry("c2", "m2");
    }

    @Test
    void aFullNearMixerOverflowsToTheNextNearest() {
        // Everyone is nearest to m1, but equal capacities give m1 only 2 of 4.
        RttMatrix.Builder b = RttMatrix.builder();
        for (int i = 0; i < 4; i++) {
            b.put("c" + i, "m1", 10 + i).put("c" + i, "m2", 50);
        }
        MixerAssignment a = MixerAssignment.compute(List.of("m1", "m2"), clients(4), Map.of(), b.build());
        assertThat(a.clientsOf("m1")).containsExactly("c0", "c1");
        assertThat(a.clientsOf("m2")).containsExactly("c2", "c3");
    }

    @Test
    void backupsAreNeverThePrimaryAndAreSpreadWithoutRtt() {
        MixerAssignment a = MixerAssignment.compute(List.of("m1", "m2", "m3"), clients(9), Map.of(), RttMatrix.empty());
        a.primary().forEach((c, m) -> assertThat(a.backups().get(c)).isNotNull().isNotEqualTo(m));
        // When any one mixer dies, its 3 orphans spread over the 2 survivors 2 + 1, not 3 + 0.
        for (String dead : List.of("m1", "m2", "m3")) {
            for (String survivor : List.of("m1", "m2", "m3")) {
                if (!survivor.equals(dead)) {
                    long orphans = a.clientsOf(dead).stream()
                            .filter(c -> a.backups().get(c).equals(survivor))
                            .count();
                    assertThat(orphans).isBetween(1L, 2L);
                }
            }
        }
        // Overall backup load stays within one of the fair share of 3.
        for (String m : List.of("m1", "m2", "m3")) {
            assertThat(a.backups().values().stream().filter(m::equals).count()).isBetween(2L, 4L);
        }
    }

    @Test
    void singleMixerHasNoBackupAndNoMixersMeansMesh() {
        MixerAssignment one = MixerAssignment.compute(List.of("m1"), clients(3), Map.of(), RttMatrix.empty());
        assertThat(one.primary()).hasSize(3).containsValue("m1");
        assertThat(one.backups()).isEmpty();
        MixerAssignment none = MixerAssignment.compute(List.of(), clients(3), Map.of(), RttMatrix.empty());
        assertThat(none.primary()).isEmpty();
    }

    @Test
    void zeroCapacitiesShareEquallyAndBadInputIsRejected() {
        MixerAssignment a = MixerAssignment.compute(
                List.of("m1", "m2"), clients(4), Map.of("m1", 0.0, "m2", 0.0), RttMatrix.empty());
        assertThat(a.quotas()).containsExactly(Map.entry("m1", 2), Map.entry("m2", 2));
        assertThatThrownBy(() -> MixerAssignment.compute(List.of("m1"), Set.of("m1"), Map.of(), RttMatrix.empty()))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
