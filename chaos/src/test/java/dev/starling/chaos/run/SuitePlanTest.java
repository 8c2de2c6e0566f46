package dev.starling.chaos.run;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.starling.chaos.scenario.Scenario;
import dev.starling.chaos.scenario.ScenarioParser;
import dev.starling.chaos.scenario.Suite;
import dev.starling.chaos.scenario.SuiteLoader;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class SuitePlanTest {
    private final Suite suite = new SuiteLoader(new ScenarioParser()).latency();

    @Test
    void fullSuiteIsTheSeedsMatrixPlusKillAndPartition() {
        List<Scenario> all = SuitePlan.select(suite, false, Set.of(), null);
        assertThat(all).hasSize(5 * 6 + 2);
        assertThat(all)
                .filteredOn(s -> s.name().endsWith("-mixers"))
                .allSatisfy(s -> assertThat(s.nodes()).hasSize(2 + s.mixers().count()));
        assertThat(all.get(0).duration()).isEqualTo(Duration.ofSeconds(30));
    }

    @Test
    void shortIsTwoScenariosOfTenSeconds() {
        List<Scenario> s = SuitePlan.select(suite, true, Set.of(), null);
        assertThat(s).extracting(Scenario::name).containsExactly("clean-1-mixers", "delay-50ms-1-mixers");
        assertThat(s).extracting(Scenario::duration).containsOnly(Duration.ofSeconds(10));
        assertThat(s.get(1).faults()).hasSize(1);
    }

    @Test
    void onlyAndSecondsPickAndShorten() {
        List<Scenario> s =
                SuitePlan.select(suite, false, Set.of("mixer-kill", "loss-2pct-3-mixers", "partition-heal"), 12);
        assertThat(s).extracting(Scenario::name).containsExactly("loss-2pct-3-mixers", "mixer-kill", "partition-heal");
        // mixer-kill's restart is at 20 s and partition-heal heals at 25 s: both keep 10 s to recover
        assertThat(s)
                .extracting(Scenario::duration)
                .containsExactly(Duration.ofSeconds(12), Duration.ofSeconds(30), Duration.ofSeconds(35));
        assertThatThrownBy(() -> SuitePlan.select(suite, false, Set.of("nope"), null))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("no scenario nope");
    }

    @Test
    void profileIsTheNameWithoutTheMixerSuffix() {
        List<Scenario> s = SuitePlan.select(suite, false, Set.of("jitter-100ms-20ms-5-mixers", "partition-heal"), null);
        assertThat(s).extracting(SuitePlan::profile).containsExactly("jitter-100ms-20ms", "partition-heal");
    }
}
