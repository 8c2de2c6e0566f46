package dev.starling.chaos.impairment;

import static org.assertj.core.api.Assertions.assertThat;

import dev.starling.chaos.scenario.FaultAction;
import dev.starling.chaos.scenario.Scenario;
import dev.starling.chaos.scenario.ScenarioParser;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class FaultScheduleTest {
    private static FaultSchedule full() throws Exception {
        return new FaultSchedule(new ScenarioParser().parse(Path.of("src/test/resources/scenarios/full.yaml")));
    }

    private static List<String> kinds(List<FaultAction.Netem> actions) {
        return actions.stream().map(FaultAction::keyword).toList();
    }

    private static Duration s(long seconds) {
        return Duration.ofSeconds(seconds);
    }

    @Test
    void nodeTargetsImpairEgressAndLinkTargetsOnlyTheirDirection() throws Exception {
        FaultSchedule f = full();
        assertThat(kinds(f.activeOn("bob", "mixer-2", s(6), Set.of()))).containsExactly("delay");
        assertThat(kinds(f.activeOn("alice", "bob", s(12), Set.of()))).containsExactly("delay", "reorder");
        assertThat(kinds(f.activeOn("alice", "bob", s(35), Set.of()))).containsExactly("loss");
        assertThat(f.activeOn("bob", "alice", s(35), Set.of())).isEmpty();
        assertThat(kinds(f.activeOn("mixer-2", "alice", s(35), Set.of()))).containsExactly("loss-state");
        assertThat(kinds(f.activeOn("bob", "alice", s(50), Set.of()))).containsExactly("loss-gemodel", "rate");
        assertThat(kinds(f.activeOn("alice", "bob", s(50), Set.of()))).containsExactly("rate");
        assertThat(f.activeOn("alice", "bob", s(25), Set.of()))
                .as("end is exclusive")
                .isEmpty();
    }

    @Test
    void partitionsBlockAcrossGroupsOnlyWhileActive() throws Exception {
        FaultSchedule f = full();
        assertThat(f.blocked("alice", "bob", s(100))).isTrue();
        assertThat(f.blocked("bob", "mixer-1", s(100))).isTrue();
        assertThat(f.blocked("alice", "mixer-1", s(100))).isFalse();
        assertThat(f.blocked("bob", "mixer-2", s(100)))
                .as("mixer-2 is in no group")
                .isFalse();
        assertThat(f.blocked("alice", "bob", s(110))).as("healed").isFalse();
        assertThat(f.changePoints()).contains(s(95), s(110)).isSorted();
    }

    @Test
    void leaderTargetsFollowTheCurrentLeaderAndLaterFaultsWinPerKind() {
        Scenario sc = new ScenarioParser().parse("leader.yaml", """
                name: leader
                duration: 1m
                peers: [a, b]
                mixers: 2
                faults:
                  - {start: 0s, duration: 30s, target: leader, delay: {time: 80ms}}
                  - {start: 10s, duration: 10s, target: all, delay: {time: 20ms}}
                """);
        FaultSchedule f = new FaultSchedule(sc);
        assertThat(f.activeOn("mixer-1", "a", s(5), Set.of("mixer-1")))
                .containsExactly(
                        new FaultAction.Delay(Duration.ofMillis(80), Duration.ZERO, 0, java.util.Optional.empty()));
        assertThat(f.activeOn("mixer-1", "a", s(5), Set.of("mixer-2"))).isEmpty();
        assertThat(f.activeOn("mixer-1", "a", s(15), Set.of("mixer-1")))
                .containsExactly(
                        new FaultAction.Delay(Duration.ofMillis(20), Duration.ZERO, 0, java.util.Optional.empty()));
    }

    @Test
    void theScheduleFeedsALinkPipeline() throws Exception {
        FaultSchedule f = full();
        LinkImpairment link =
                new ImpairmentFactory(42).build("alice->bob@30s", f.activeOn("alice", "bob", s(35), Set.of()));
        int lost = 0;
        for (int i = 0; i < 50_000; i++) if (link.decide(i * 1_000_000L, 160).dropped()) lost++;
        assertThat(lost / 50_000.0).isBetween(0.017, 0.023);
    }
}
