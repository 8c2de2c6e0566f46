package dev.starling.chaos.run;

import static org.assertj.core.api.Assertions.assertThat;

import dev.starling.chaos.scenario.Scenario;
import dev.starling.chaos.scenario.ScenarioParser;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class TimelineTest {
    private static Scenario scenario(String faults) {
        return new ScenarioParser().parse("t.yaml", """
                name: t
                duration: 30s
                peers: [a, b]
                mixers: 1
                faults:
                """ + faults);
    }

    private static Duration s(double seconds) {
        return Duration.ofMillis((long) (seconds * 1000));
    }

    private static List<String> describe(Timeline t) {
        return t.events().stream()
                .map(e -> e.at().toMillis() + " " + e.kind()
                        + (e.fault() == null ? "" : " " + e.fault().action().keyword()))
                .toList();
    }

    @Test
    void networkChangePointsAndProcessStartsAndEndsInOrder() {
        Timeline t = new Timeline(scenario("""
                  - {start: 5s, duration: 10s, target: all, delay: {time: 50ms}}
                  - {start: 10s, duration: 5s, target: mixer, pause: {}}
                  - {start: 15s, duration: 5s, target: a, kill: {restart: true}}
                  - {start: 20s, target: b, stop: {}}
                  - {start: 12s, duration: 4s, partition: {groups: [[a], [b]]}}
                """));

        assertThat(describe(t))
                .containsExactly(
                        "0 NETWORK",
                        "5000 NETWORK",
                        "10000 PROCESS_START pause",
                        "12000 NETWORK",
                        // at 15 s: the pause ends first, then the delay's end, then the kill
                        "15000 PROCESS_END pause",
                        "15000 NETWORK",
                        "15000 PROCESS_START kill",
                        "16000 NETWORK",
                        "20000 PROCESS_END kill",
                        "20000 PROCESS_START stop"); // a stop without restart never ends
    }

    @Test
    void dueHandsOutEachEventOnceAndRemainingKeepsTheRest() {
        Timeline t = new Timeline(scenario("""
                  - {start: 5s, duration: 10s, target: a, pause: {}}
                """));
        assertThat(t.due(s(0))).hasSize(1);
        assertThat(t.due(s(0))).isEmpty();
        assertThat(t.due(s(4.999))).isEmpty();
        assertThat(t.due(s(5))).extracting(Timeline.Event::kind).containsExactly(Timeline.Kind.PROCESS_START);
        assertThat(t.remaining()).extracting(Timeline.Event::kind).containsExactly(Timeline.Kind.PROCESS_END);
        assertThat(t.due(s(100))).hasSize(1);
        assertThat(t.remaining()).isEmpty();
    }

    @Test
    void faultsPastAShortenedEndAreClippedSoNoNodeStaysPaused() {
        Scenario full = scenario("""
                  - {start: 5s, duration: 20s, target: a, pause: {}}
                  - {start: 12s, duration: 5s, target: b, pause: {}}
                """);
        Timeline t = new Timeline(SuitePlan.withDuration(full, Duration.ofSeconds(10)));
        assertThat(describe(t)).containsExactly("0 NETWORK", "5000 PROCESS_START pause", "10000 PROCESS_END pause");
    }

    @Test
    void lastDisruptionEndCountsPartitionsAndProcessFaultsNotPacketFaults() {
        assertThat(Timeline.lastDisruptionEnd(scenario("""
                  - {start: 5s, duration: 20s, target: all, delay: {time: 50ms}}
                """))).isEqualTo(Duration.ZERO);
        assertThat(Timeline.lastDisruptionEnd(scenario("""
                  - {start: 5s, duration: 20s, target: all, delay: {time: 50ms}}
                  - {start: 2s, duration: 8s, partition: {groups: [[a], [b]]}}
                  - {start: 4s, duration: 9s, target: a, pause: {}}
                """))).isEqualTo(s(13));
    }

    @Test
    void describesWhatItDoes() {
        Timeline t = new Timeline(scenario("""
                  - {start: 5s, duration: 1s, target: [leader, b], pause: {}}
                """));
        assertThat(t.events())
                .extracting(Timeline.Event::describe)
                .containsExactly("network faults change", "pause b,leader", "resume b,leader");
    }
}
