package dev.starling.node.collaboration.files;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.BitSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class ChunkSchedulerTest {
    private static final long TIMEOUT = 1_000;

    @Test
    void fillsEveryHoldersWindowWithDistinctChunks() {
        ChunkScheduler s = new ChunkScheduler(20, 3, TIMEOUT);
        List<ChunkScheduler.Assignment> first = s.assign(Set.of("p", "q", "r"), 0);
        assertThat(first).hasSize(9);
        assertThat(first.stream().map(ChunkScheduler.Assignment::index).distinct())
                .hasSize(9);
        assertThat(first.stream().filter(a -> a.peer().equals("q"))).hasSize(3);
        assertThat(s.assign(Set.of("p", "q", "r"), 0)).as("windows full").isEmpty();
        s.verified(first.get(0).index(), first.get(0).peer());
        List<ChunkScheduler.Assignment> next = s.assign(Set.of("p", "q", "r"), 0);
        assertThat(next)
                .hasSize(1)
                .first()
                .extracting(ChunkScheduler.Assignment::peer)
                .isEqualTo(first.get(0).peer());
    }

    @Test
    void aCorruptChunkIsReaskedOfAnotherPeerAndTheCorruptPeerIsAvoided() {
        ChunkScheduler s = new ChunkScheduler(4, 1, TIMEOUT);
        List<ChunkScheduler.Assignment> first = s.assign(Set.of("bad", "good"), 0);
        ChunkScheduler.Assignment fromBad =
                first.stream().filter(a -> a.peer().equals("bad")).findFirst().orElseThrow();
        s.corrupt(fromBad.index(), "bad");
        assertThat(s.corruptPeers()).containsExactly("bad");
        ChunkScheduler.Assignment fromGood =
                first.stream().filter(a -> a.peer().equals("good")).findFirst().orElseThrow();
        s.verified(fromGood.index(), "good");
        List<ChunkScheduler.Assignment> next = s.assign(Set.of("bad", "good"), 0);
        assertThat(next).extracting(ChunkScheduler.Assignment::peer).containsOnly("good");
    }

    @Test
    void aCorruptPeerIsStillUsedWhenItIsTheOnlyHolderLeft() {
        ChunkScheduler s = new ChunkScheduler(2, 1, TIMEOUT);
        s.markCorrupt("only");
        assertThat(s.assign(Set.of("only"), 0)).hasSize(1);
    }

    @Test
    void timedOutAndOrphanedRequestsGoBackToTheQueue() {
        ChunkScheduler s = new ChunkScheduler(2, 2, TIMEOUT);
        assertThat(s.assign(Set.of("slow"), 0)).hasSize(2);
        assertThat(s.expire(500)).isZero();
        assertThat(s.expire(2_000)).isEqualTo(2);
        assertThat(s.timeoutsByPeer()).containsEntry("slow", 2);
        List<ChunkScheduler.Assignment> again = s.assign(Set.of("slow", "fast"), 2_000);
        assertThat(again)
                .extracting(ChunkScheduler.Assignment::peer)
                .as("prefers the peer that has not failed")
                .containsOnly("fast");

        ChunkScheduler t = new ChunkScheduler(3, 3, TIMEOUT);
        t.assign(Set.of("gone"), 0);
        t.peerGone("gone");
        assertThat(t.inFlightCount()).isZero();
        assertThat(t.assign(Set.of("other"), 0)).hasSize(3);
    }

    @Test
    void resumedChunksAreNotFetchedAgainAndDuplicatesAreIgnored() {
        ChunkScheduler s = new ChunkScheduler(4, 4, TIMEOUT);
        BitSet have = new BitSet();
        have.set(0);
        have.set(2);
        s.alreadyHave(have);
        List<ChunkScheduler.Assignment> asked = s.assign(Set.of("p"), 0);
        assertThat(asked).extracting(ChunkScheduler.Assignment::index).containsExactlyInAnyOrder(1, 3);
        assertThat(s.verified(1, "p")).isTrue();
        assertThat(s.verified(1, "p")).isFalse();
        assertThat(s.verified(3, "p")).isTrue();
        assertThat(s.isComplete()).isTrue();
    }

    @Test
    void aPartialHolderIsOnlyAskedForTheChunksItHas() {
        ChunkScheduler s = new ChunkScheduler(10, 4, TIMEOUT);
        java.util.BitSet evens = new java.util.BitSet();
        for (int i = 0; i < 10; i += 2) {
            evens.set(i);
        }
        List<ChunkScheduler.Assignment> asked = s.assign(Set.of(), java.util.Map.of("half", evens), 0);
        assertThat(asked).hasSize(4).allMatch(a -> a.peer().equals("half") && a.index() % 2 == 0);
        asked.forEach(a -> s.verified(a.index(), a.peer()));
        assertThat(s.assign(Set.of(), java.util.Map.of("half", evens), 0))
                .extracting(ChunkScheduler.Assignment::index)
                .containsExactly(8);
        assertThat(s.assign(Set.of("full"), java.util.Map.of("half", evens), 0))
                .as("the odd chunks only from the full holder")
                .allMatch(a -> a.peer().equals("full") && a.index() % 2 == 1);
    }
}
