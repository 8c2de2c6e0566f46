package dev.starling.chaos.netem;

import static org.assertj.core.api.Assertions.assertThat;

import dev.starling.chaos.scenario.Distribution;
import dev.starling.chaos.scenario.FaultAction;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Expected token lists are written from tc-netem(8)'s synopsis. */
class NetemOptionsTest {
    private static String of(FaultAction.Netem... actions) {
        return String.join(" ", NetemOptions.of(List.of(actions)));
    }

    @Test
    void delayWritesJitterCorrelationAndDistributionOnlyWhenTheyMeanSomething() {
        assertThat(of(new FaultAction.Delay(Duration.ofMillis(50), Duration.ZERO, 0, Optional.empty())))
                .isEqualTo("delay 50000us");
        assertThat(of(new FaultAction.Delay(
                        Duration.ofMillis(100), Duration.ofMillis(20), 25, Optional.of(Distribution.NORMAL))))
                .isEqualTo("delay 100000us 20000us 25% distribution normal");
        assertThat(of(new FaultAction.Delay(
                        Duration.ofMillis(100), Duration.ofMillis(20), 0, Optional.of(Distribution.UNIFORM))))
                .as("uniform is netem's own jitter; there is no table for it")
                .isEqualTo("delay 100000us 20000us");
        assertThat(of(new FaultAction.Delay(
                        Duration.ofNanos(1_500_000), Duration.ofMillis(1), 0, Optional.of(Distribution.PARETONORMAL))))
                .as("microseconds keep fractions of a millisecond")
                .isEqualTo("delay 1500us 1000us distribution paretonormal");
    }

    @Test
    void everyOtherOptionFollowsTheSynopsis() {
        assertThat(of(new FaultAction.Loss(2, 0))).isEqualTo("loss random 2%");
        assertThat(of(new FaultAction.Loss(2.5, 25))).isEqualTo("loss random 2.5% 25%");
        assertThat(of(new FaultAction.LossState(5, 90, 0, 0, 0))).isEqualTo("loss state 5% 90% 0% 0% 0%");
        assertThat(of(new FaultAction.LossGemodel(5, 90, 100, 0))).isEqualTo("loss gemodel 5% 90% 100% 0%");
        assertThat(of(new FaultAction.Rate(1_000_000))).isEqualTo("rate 1000000bit");
        assertThat(of(new FaultAction.Duplicate(10, 0))).isEqualTo("duplicate 10%");
        assertThat(of(new FaultAction.Corrupt(1, 5))).isEqualTo("corrupt 1% 5%");
        assertThat(of(new FaultAction.Reorder(25, 50, 1)))
                .as("gap 1 is the default")
                .isEqualTo("reorder 25% 50%");
        assertThat(of(new FaultAction.Reorder(25, 50, 5))).isEqualTo("reorder 25% 50% gap 5");
    }

    @Test
    void aQdiscHoldsOneLossModelSoTheLastWinsAndTheOrderIsStable() {
        FaultAction.Delay delay = new FaultAction.Delay(Duration.ofMillis(10), Duration.ZERO, 0, Optional.empty());
        assertThat(of(new FaultAction.Rate(8_000), new FaultAction.Loss(2, 0), delay, NetemOptions.PARTITION))
                .isEqualTo("delay 10000us loss random 100% rate 8000bit");
        assertThat(of(delay, new FaultAction.Rate(8_000))).isEqualTo(of(new FaultAction.Rate(8_000), delay));
        assertThat(NetemOptions.of(List.of())).isEmpty();
    }
}
