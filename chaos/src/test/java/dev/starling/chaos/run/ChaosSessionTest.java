package dev.starling.chaos.run;

import static org.assertj.core.api.Assertions.assertThat;

import dev.starling.chaos.scenario.Scenario;
import dev.starling.chaos.scenario.ScenarioParser;
import dev.starling.chaos.scenario.Suite;
import dev.starling.chaos.scenario.SuiteLoader;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

class ChaosSessionTest {
    private final Suite suite = new SuiteLoader(new ScenarioParser()).latency();

    private static List<ChaosSession.Item> items(List<Scenario> scenarios) {
        return scenarios.stream()
                .map(s -> new ChaosSession.Item(s, s.name(), SuitePlan.profile(s)))
                .toList();
    }

    @Test
    void theLatencySuiteNeedsSixRoomsForItsMatrixAndOneForEachRoomChangingScenario() {
        List<ChaosSession.Item> ordered =
                ChaosSession.groupedByRoom(items(SuitePlan.select(suite, false, Set.of(), null)));
        assertThat(ordered).hasSize(32);
        List<String> keys =
                ordered.stream().map(i -> RoomPlan.shareKey(i.scenario())).toList();
        assertThat(keys.stream().distinct().count()).isEqualTo(6 + 2);
        // every room's scenarios are consecutive, so each room starts once
        long changes = java.util.stream.IntStream.range(1, keys.size())
                .filter(i -> !keys.get(i).equals(keys.get(i - 1)))
                .count();
        assertThat(changes).isEqualTo(7);
        assertThat(ordered.subList(0, 5))
                .extracting(i -> i.scenario().name())
                .containsExactly(
                        "clean-0-mixers",
                        "delay-50ms-0-mixers",
                        "jitter-100ms-20ms-0-mixers",
                        "loss-2pct-0-mixers",
                        "rate-1mbit-0-mixers");
        assertThat(ordered.stream()
                        .filter(i -> RoomPlan.shareKey(i.scenario()).startsWith("own:"))
                        .map(i -> i.scenario().name())
                        .collect(Collectors.toSet()))
                .containsExactlyInAnyOrder("mixer-kill", "partition-heal");
    }

    @Test
    void scenariosThatCannotShareKeepTheirOrder() {
        List<Scenario> two =
                SuitePlan.select(suite, false, Set.of("mixer-kill", "clean-1-mixers", "partition-heal"), null);
        assertThat(ChaosSession.groupedByRoom(items(two)))
                .extracting(i -> i.scenario().name())
                .containsExactlyElementsOf(two.stream().map(Scenario::name).toList());
    }
}
