package dev.starling.node.election;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class MixerSeatsTest {

    private static final Set<String> ROOM = Set.of("a", "b", "c", "d");

    @Test
    void withoutAPreviousResultTheBestScoredTakeTheSeats() {
        Ranking r = ranking(Map.of("a", 10.0, "b", 30.0, "c", 20.0, "d", 5.0));
        assertThat(MixerSeats.choose(r, 2, ROOM, null, false)).containsExactly("b", "c");
    }

    @Test
    void anUnscoredCandidateSitsOnlyWhenNobodyWasScored() {
        assertThat(MixerSeats.choose(ranking(Map.of("a", 0.0, "b", 4.0)), 2, ROOM, null, false))
                .containsExactly("b");
        assertThat(MixerSeats.choose(ranking(Map.of("a", 0.0, "b", 0.0)), 1, ROOM, null, false))
                .containsExactly("a");
    }

    @Test
    void anIncumbentKeepsItsSeatUnlessBeatenByMoreThanTheMargin() {
        ElectionOutcome previous = outcome("a");
        // b beats a by 10 %: within the margin, a stays.
        assertThat(MixerSeats.choose(ranking(Map.of("a", 100.0, "b", 110.0, "c", 50.0)), 1, ROOM, previous, false))
                .containsExactly("a");
        // b beats a by 20 %: b takes the seat.
        assertThat(MixerSeats.choose(ranking(Map.of("a", 100.0, "b", 120.0, "c", 50.0)), 1, ROOM, previous, false))
                .containsExactly("b");
    }

    @Test
    void anIncumbentThatLeftOrScoredNothingKeepsNoSeat() {
        Ranking r = ranking(Map.of("a", 100.0, "b", 105.0));
        assertThat(MixerSeats.choose(r, 1, Set.of("b", "c"), outcome("a"), false))
                .containsExactly("b");
        assertThat(MixerSeats.choose(ranking(Map.of("a", 0.0, "b", 5.0)), 1, ROOM, outcome("a"), false))
                .containsExactly("b");
    }

    @Test
    void keptIncumbentsAreListedInRankingOrder() {
        ElectionOutcome previous = outcome("c", "d");
        Ranking r = ranking(Map.of("a", 110.0, "b", 105.0, "c", 100.0, "d", 99.0));
        assertThat(MixerSeats.choose(r, 2, ROOM, previous, false)).containsExactly("c", "d");
    }

    @Test
    void anElectionThatKnowsLessUnseatsNobodyAndFillsOnlyTheSeatsLeftEmpty() {
        // Only one scorer came through, and it ranks a weak peer far above the sitting mixers.
        Ranking thin = ranking(Map.of("a", 10.0, "b", 20.0, "c", 30.0, "d", 300.0));
        assertThat(MixerSeats.choose(thin, 2, ROOM, outcome("a", "b"), true)).containsExactly("b", "a");
        // A mixer left: its seat goes to the best of the thin ranking, the other mixer stays.
        assertThat(MixerSeats.choose(thin, 2, Set.of("a", "c", "d"), outcome("a", "b"), true))
                .containsExactly("d", "a");
        // With as many scorers as before, the ranking decides (with the usual margin).
        assertThat(MixerSeats.choose(thin, 2, ROOM, outcome("a", "b"), false)).containsExactly("d", "c");
    }

    private static Ranking ranking(Map<String, Double> totals) {
        List<Points> points = totals.entrySet().stream()
                .map(e -> new Points(e.getKey(), e.getValue(), 0, 0, e.getValue()))
                .toList();
        return Ranking.of(Map.of("scorer", points), totals.keySet());
    }

    private static ElectionOutcome outcome(String... mixers) {
        return new ElectionOutcome(1, "a", "balanced", List.of(mixers), Map.of(), Map.of(), List.of());
    }
}
