package dev.starling.chaos.fabric;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.starling.chaos.impairment.FaultSchedule;
import dev.starling.chaos.impairment.ImpairmentFactory;
import dev.starling.chaos.impairment.LinkImpairment;
import dev.starling.chaos.scenario.FaultAction;
import dev.starling.chaos.scenario.ScenarioParser;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class LinkPolicyTest {
    private final LinkPolicy policy = new LinkPolicy(List.of("a", "b", "c"), new ImpairmentFactory(3));

    @Test
    void samefaultListKeepsThePipelineSoModelStateSurvives() {
        policy.set(0, 1, List.of(new FaultAction.Rate(1_000_000)));
        LinkImpairment first = policy.impairment(0, 1);
        policy.set(0, 1, List.of(new FaultAction.Rate(1_000_000)));
        assertThat(policy.impairment(0, 1)).isSameAs(first);
        policy.set(0, 1, List.of(new FaultAction.Rate(2_000_000)));
        assertThat(policy.impairment(0, 1)).isNotSameAs(first);
        policy.set(0, 1, List.of());
        assertThat(policy.impairment(0, 1)).isNull();
        assertThat(policy.impairment(1, 0)).isNull();
    }

    @Test
    void rejectsSelfLinksAndUnknownPorts() {
        assertThatThrownBy(() -> policy.set(1, 1, List.of())).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> policy.set(0, 3, List.of())).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void followsAScenarioScheduleOverTime() {
        FaultSchedule schedule = new FaultSchedule(new ScenarioParser().parse("s.yaml", """
                name: s
                duration: 1m
                peers: [a, b, c]
                faults:
                  - {start: 0s, duration: 10s, target: a->b, loss: {percent: 5}}
                  - {start: 5s, duration: 10s, target: c, delay: {time: 20ms}}
                  - {start: 20s, duration: 5s, partition: {groups: [[a], [b]]}}
                """));
        policy.apply(schedule, Duration.ofSeconds(6), Set.of());
        assertThat(policy.actions(0, 1)).extracting(FaultAction::keyword).containsExactly("loss");
        assertThat(policy.actions(1, 0)).isEmpty();
        assertThat(policy.actions(2, 0)).extracting(FaultAction::keyword).containsExactly("delay");
        assertThat(policy.blocked(0, 1)).isFalse();
        policy.apply(schedule, Duration.ofSeconds(21), Set.of());
        assertThat(policy.impairment(0, 1)).isNull();
        assertThat(policy.blocked(0, 1)).isTrue();
        assertThat(policy.blocked(1, 0)).isTrue();
        assertThat(policy.blocked(0, 2)).isFalse();
        policy.apply(schedule, Duration.ofSeconds(30), Set.of());
        assertThat(policy.blocked(0, 1)).isFalse();
    }
}
