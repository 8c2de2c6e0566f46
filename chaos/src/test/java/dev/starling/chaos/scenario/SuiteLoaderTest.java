package dev.starling.chaos.scenario;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class SuiteLoaderTest {
    private final SuiteLoader loader = new SuiteLoader(new ScenarioParser());

    @Test
    void latencySuiteHasEveryProfileAndMixerCountPlusKillAndPartition() {
        Suite suite = loader.latency();

        assertThat(suite.name()).isEqualTo("latency");
        assertThat(suite.scenarios()).hasSize(5 * 6 + 2);
        assertThat(suite.scenarios())
                .extracting(Scenario::name)
                .contains(
                        "clean-0-mixers",
                        "clean-5-mixers",
                        "delay-50ms-3-mixers",
                        "jitter-100ms-20ms-2-mixers",
                        "loss-2pct-1-mixers",
                        "rate-1mbit-4-mixers",
                        "mixer-kill",
                        "partition-heal");
        assertThat(suite.labels()).containsEntry("jitter-100ms-20ms-2-mixers", "jitter-100±20ms, 2 mixers");

        Scenario jitter = byName(suite, "jitter-100ms-20ms-3-mixers");
        assertThat(jitter.nodes()).hasSize(5);
        assertThat(jitter.markerPath()).contains(new Target.Link("client-1", "client-2"));
        assertThat(jitter.faults())
                .singleElement()
                .extracting(Fault::action)
                .isEqualTo(new FaultAction.Delay(
                        Duration.ofMillis(100), Duration.ofMillis(20), 0, Optional.of(Distribution.NORMAL)));
        assertThat(byName(suite, "clean-0-mixers").faults()).isEmpty();
        assertThat(byName(suite, "loss-2pct-0-mixers").faults().get(0).action()).isEqualTo(new FaultAction.Loss(2, 0));
        assertThat(byName(suite, "mixer-kill").faults().get(0).action())
                .isEqualTo(new FaultAction.Kill("SIGKILL", true));
        assertThat(byName(suite, "partition-heal").faults().get(0).action()).isInstanceOf(FaultAction.Partition.class);
    }

    @Test
    void mistakesInsideASuiteProfileAreReportedAtTheSuiteLine() {
        String suite = """
                suite: s
                base:
                  duration: 10s
                  peers: [a, b]
                matrix:
                  mixers: [0, 1]
                  profiles:
                    - id: p
                      faults:
                        - {start: 0s, duration: 10s, target: all, delay: {time: 5ms, jitter: x}}
                """;
        assertThatThrownBy(() -> loader.load("suite.yaml", suite))
                .isInstanceOfSatisfying(ScenarioException.class, e -> {
                    assertThat(e.line()).isEqualTo(10);
                    assertThat(e.field()).isEqualTo("faults[0].delay.jitter");
                });
    }

    private static Scenario byName(Suite suite, String name) {
        return suite.scenarios().stream()
                .filter(s -> s.name().equals(name))
                .findFirst()
                .orElseThrow();
    }
}
