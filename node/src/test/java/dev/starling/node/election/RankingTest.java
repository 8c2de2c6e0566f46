package dev.starling.node.election;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class RankingTest {

    @Test
    void ranksBySumOfEveryScorersTotal() {
        // X scores: A 10, B 20; Y scores: A 15, B 2 -> A 25, B 22
        Map<String, List<Points>> bySender = Map.of(
                "X", List.of(Points.of("A", 10, 0, 0), Points.of("B", 20, 0, 0)),
                "Y", List.of(Points.of("A", 15, 0, 0), Points.of("B", 2, 0, 0)));
        Ranking r = Ranking.of(bySender, Set.of("A", "B", "X", "Y"));
        assertThat(r.top(2)).containsExactly("A", "B");
        assertThat(r.peers().get(0).total()).isCloseTo(25, within(1e-12));
        // X and Y were not scored by anyone: they rank last with 0, by id.
        assertThat(r.top(4)).containsExactly("A", "B", "X", "Y");
    }

    @Test
    void tiesBreakByPeerId() {
        Map<String, List<Points>> bySender =
                Map.of("S", List.of(Points.of("zed", 5, 0, 0), Points.of("amy", 5, 0, 0), Points.of("kim", 5, 0, 0)));
        assertThat(Ranking.of(bySender, Set.of("zed", "amy", "kim")).top(3)).containsExactly("amy", "kim", "zed");
    }

    @Test
    void peersThatDidNotAnswerAreExcluded() {
        Map<String, List<Points>> bySender = Map.of("S", List.of(Points.of("A", 1, 0, 0), Points.of("B", 99, 0, 0)));
        Ranking r = Ranking.of(bySender, Set.of("A", "S"));
        assertThat(r.peers()).extracting(RankedPeer::peerId).containsExactly("A", "S");
    }

    @Test
    void sameResultWhateverTheOrderMessagesArrived() {
        // Totals whose floating-point sum depends on order: 0.1 + 0.2 + 0.3 != 0.3 + 0.2 + 0.1.
        Map<String, List<Points>> one = new LinkedHashMap<>();
        one.put("s1", List.of(Points.of("A", 0.1, 0, 0), Points.of("B", 0.2, 0, 0)));
        one.put("s2", List.of(Points.of("A", 0.2, 0, 0), Points.of("B", 0.1, 0, 0)));
        one.put("s3", List.of(Points.of("A", 0.3, 0, 0), Points.of("B", 0.3, 0, 0)));
        Map<String, List<Points>> reversed = new LinkedHashMap<>();
        reversed.put("s3", one.get("s3"));
        reversed.put("s2", one.get("s2"));
        reversed.put("s1", one.get("s1"));
        Ranking a = Ranking.of(one, Set.of("A", "B"));
        Ranking b = Ranking.of(new HashMap<>(reversed), Set.of("A", "B"));
        assertThat(a.peers()).isEqualTo(b.peers());
    }
}
