package dev.starling.node.routing;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class RouteTableTest {
    private static final Set<String> SIX = Set.of("a", "b", "c", "d", "m1", "m2");
    /** m1 serves a and b, m2 serves c and d; each falls back to the other mixer. */
    private static final RouteTable TWO_MIXERS = RouteTable.of(
            List.of("m1", "m2"),
            Map.of("a", "m1", "b", "m1", "c", "m2", "d", "m2"),
            Map.of("a", "m2", "b", "m2", "c", "m1", "d", "m1"),
            SIX);

    @Test
    void meshSendsEveryoneTheirOwnMediaOnly() {
        RouteTable mesh = RouteTable.mesh(Set.of("a", "b", "c"));
        assertThat(mesh.inputs("a", "b")).containsExactly("a");
        assertThat(mesh.sendsOf("a")).containsOnlyKeys("b", "c");
        assertThat(mesh.hops("a", "c")).isZero();
        assertThat(mesh.role("a")).isEqualTo(RouteTable.MESH);
    }

    @Test
    void clientsSendOneStreamToTheirMixerAndNothingElse() {
        Map<String, Set<String>> sends = TWO_MIXERS.sendsOf("a");
        assertThat(sends.get("m1")).containsExactly("a");
        assertThat(sends.entrySet())
                .filteredOn(e -> !e.getValue().isEmpty())
                .extracting(Map.Entry::getKey)
                .containsExactly("m1");
    }

    @Test
    void mixerSendsEachClientEveryoneButThatClient() {
        assertThat(TWO_MIXERS.inputs("m1", "a")).containsExactly("m1", "b", "m2");
        assertThat(TWO_MIXERS.inputs("m1", "b")).containsExactly("m1", "a", "m2");
        assertThat(TWO_MIXERS.inputs("m1", "c")).isEmpty();
    }

    @Test
    void mixersExchangeOnlyTheirLocalMixes() {
        assertThat(TWO_MIXERS.inputs("m1", "m2")).containsExactly("m1", "a", "b");
        assertThat(TWO_MIXERS.inputs("m2", "m1")).containsExactly("m2", "c", "d");
    }

    /** Everyone hears everyone else exactly once, and never themselves: walk the table's paths. */
    @Test
    void everyPeerHearsEveryOtherPeerExactlyOnceAndNeverItself() {
        for (String receiver : SIX) {
            Map<String, Integer> heard = new HashMap<>();
            for (String sender : SIX) {
                for (String input : TWO_MIXERS.inputs(sender, receiver)) {
                    for (String origin : originsIn(sender, input)) {
                        heard.merge(origin, 1, Integer::sum);
                    }
                }
            }
            Set<String> others = new HashSet<>(SIX);
            others.remove(receiver);
            assertThat(heard).as("what %s hears", receiver).containsOnlyKeys(others);
            assertThat(heard.values()).as("duplicates at %s", receiver).containsOnly(1);
        }
    }

    /** The origins inside what {@code input} sends {@code mixer}. */
    private static Set<String> originsIn(String sender, String input) {
        if (input.equals(sender)) {
            return Set.of(sender);
        }
        Set<String> origins = new HashSet<>();
        for (String inner : TWO_MIXERS.inputs(input, sender)) {
            origins.addAll(originsIn(input, inner));
        }
        return origins;
    }

    @Test
    void hopsCountRelayingMixers() {
        assertThat(TWO_MIXERS.hops("a", "m1")).isZero();
        assertThat(TWO_MIXERS.hops("a", "b")).isEqualTo(1);
        assertThat(TWO_MIXERS.hops("a", "m2")).isEqualTo(1);
        assertThat(TWO_MIXERS.hops("a", "c")).isEqualTo(2);
        assertThat(TWO_MIXERS.hops("m1", "a")).isZero();
        assertThat(TWO_MIXERS.hops("m1", "m2")).isZero();
        assertThat(TWO_MIXERS.hops("m1", "c")).isEqualTo(1);
        assertThat(TWO_MIXERS.hops("a", "gone")).isEqualTo(-1);
    }

    @Test
    void theLastHopIsTheLinkThatDeliversTheOriginsMedia() {
        assertThat(TWO_MIXERS.lastHop("a", "m1")).isEqualTo("a");
        assertThat(TWO_MIXERS.lastHop("a", "b")).isEqualTo("m1");
        assertThat(TWO_MIXERS.lastHop("a", "m2")).isEqualTo("m1");
        assertThat(TWO_MIXERS.lastHop("a", "c")).isEqualTo("m2");
        assertThat(TWO_MIXERS.lastHop("m1", "c")).isEqualTo("m2");
        assertThat(TWO_MIXERS.lastHop("m1", "m2")).isEqualTo("m1");
        assertThat(TWO_MIXERS.lastHop("a", "gone")).isNull();
        assertThat(RouteTable.mesh(Set.of("a", "b")).lastHop("a", "b")).isEqualTo("a");
    }

    @Test
    void clientsOfADeadMixerMoveToTheirBackup() {
        Set<String> live = new HashSet<>(SIX);
        live.remove("m1");
        RouteTable after = RouteTable.of(List.of("m1", "m2"), TWO_MIXERS.mixerOf(), Map.of("a", "m2", "b", "m2"), live);
        assertThat(after.mixers()).containsExactly("m2");
        assertThat(after.mixerOf())
                .containsOnly(Map.entry("a", "m2"), Map.entry("b", "m2"), Map.entry("c", "m2"), Map.entry("d", "m2"));
        assertThat(after.needsMeshBridge(TWO_MIXERS)).isFalse();
    }

    @Test
    void withoutBackupOrphansAndLateJoinersGoToTheLeastLoadedMixerByRank() {
        Set<String> live = Set.of("a", "b", "c", "late", "m1", "m2");
        RouteTable t = RouteTable.of(List.of("m1", "m2"), Map.of("a", "m1", "b", "m1", "c", "m3"), Map.of(), live);
        // m1 already serves a and b: c goes to the empty m2, and then late too (m2 has 1, m1 has 2).
        assertThat(t.mixerOf()).containsEntry("c", "m2").containsEntry("late", "m2");
    }

    @Test
    void noLiveMixerMeansMesh() {
        RouteTable t = RouteTable.of(List.of("m1"), Map.of("a", "m1"), Map.of(), Set.of("a", "b"));
        assertThat(t.isMesh()).isTrue();
        assertThat(t.inputs("a", "b")).containsExactly("a");
    }

    @Test
    void makeBeforeBreakKeepsTheOldPathsUntilTheNewOnesCarry() {
        RouteTable mesh = RouteTable.mesh(SIX);
        Map<String, Set<String>> clientA = TWO_MIXERS.makeBeforeBreak("a", mesh);
        assertThat(clientA.get("b")).containsExactly("a"); // still direct during the overlap
        assertThat(clientA.get("m1")).containsExactly("a");
        Map<String, Set<String>> mixer = TWO_MIXERS.makeBeforeBreak("m1", mesh);
        assertThat(mixer.get("a")).containsExactly("m1", "b", "m2");
        assertThat(mixer.get("c")).containsExactly("m1"); // direct to m2's client until the break
        Map<String, Set<String>> back = mesh.makeBeforeBreak("m1", TWO_MIXERS);
        assertThat(back.get("a")).containsExactlyInAnyOrder("m1", "b", "m2"); // keeps mixing meanwhile
    }

    @Test
    void changingMixersWhileTheOldOnesLiveBridgesThroughMesh() {
        RouteTable swapped =
                RouteTable.of(List.of("m1", "c"), Map.of("a", "m1", "b", "m1", "m2", "c", "d", "c"), Map.of(), SIX);
        assertThat(swapped.needsMeshBridge(TWO_MIXERS)).isTrue();
        RouteTable moved =
                RouteTable.of(List.of("m1", "m2"), Map.of("a", "m2", "b", "m1", "c", "m2", "d", "m2"), Map.of(), SIX);
        assertThat(moved.needsMeshBridge(TWO_MIXERS)).isTrue();
        assertThat(TWO_MIXERS.needsMeshBridge(RouteTable.mesh(SIX))).isFalse();
        assertThat(TWO_MIXERS.needsMeshBridge(TWO_MIXERS)).isFalse();
    }
}
