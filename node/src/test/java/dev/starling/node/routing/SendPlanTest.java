package dev.starling.node.routing;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class SendPlanTest {
    @Test
    void unnamedLinksCarryOwnMediaAndEmptyOnesAreFrozen() {
        SendPlan plan = new SendPlan("m", Map.of("a", Set.of("m", "b"), "c", Set.of()));
        assertThat(plan.inputsFor("x")).containsExactly("m");
        assertThat(plan.ownOnly("x")).isTrue();
        assertThat(plan.ownOnly("a")).isFalse();
        assertThat(plan.sendsTo("c")).isFalse();
        assertThat(plan.relays("b")).isTrue();
        assertThat(plan.relays("m")).isFalse();
    }
}
