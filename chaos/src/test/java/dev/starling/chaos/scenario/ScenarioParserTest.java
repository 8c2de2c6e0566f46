package dev.starling.chaos.scenario;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class ScenarioParserTest {
    private final ScenarioParser parser = new ScenarioParser();

    @Test
    void readsEveryFaultKind() throws Exception {
        Scenario s = parser.parse(Path.of("src/test/resources/scenarios/full.yaml"));

        assertThat(s.name()).isEqualTo("full-vocabulary");
        assertThat(s.seed()).isEqualTo(42);
        assertThat(s.duration()).isEqualTo(Duration.ofMinutes(2));
        assertThat(s.nodes()).extracting(Peer::id).containsExactly("alice", "bob", "mixer-1", "mixer-2");
        assertThat(s.nodes()).extracting(Peer::role).containsExactly(Role.CLIENT, Role.CLIENT, Role.MIXER, Role.MIXER);
        assertThat(s.measures())
                .containsExactlyInAnyOrder(Measure.LATENCY, Measure.LOSS, Measure.AUDIO_GAP, Measure.ELECTION);
        assertThat(s.media().markerInterval()).isEqualTo(Duration.ofMillis(200));
        assertThat(s.markerPath()).contains(new Target.Link("alice", "bob"));
        assertThat(s.faults()).hasSize(12);

        List<Fault> f = s.faults();
        assertThat(f.get(0).action())
                .isEqualTo(new FaultAction.Delay(
                        Duration.ofMillis(100), Duration.ofMillis(10), 20, Optional.of(Distribution.NORMAL)));
        assertThat(f.get(0).target()).isEqualTo(new Target.All());
        assertThat(f.get(0).line()).isEqualTo(16);
        assertThat(f.get(1).action()).isEqualTo(new FaultAction.Reorder(25, 50, 5));
        assertThat(f.get(2).target()).isEqualTo(new Target.Links(List.of(new Target.Link("alice", "bob"))));
        assertThat(f.get(2).action()).isEqualTo(new FaultAction.Loss(2, 25));
        assertThat(f.get(3).target()).isEqualTo(new Target.Nodes(List.of(), Set.of(Role.MIXER)));
        assertThat(f.get(3).action()).isEqualTo(new FaultAction.LossState(5, 90, 0, 100, 0));
        assertThat(f.get(4).action()).isEqualTo(new FaultAction.LossGemodel(5, 90, 100, 0));
        assertThat(f.get(5).action()).isEqualTo(new FaultAction.Rate(1_000_000));
        assertThat(f.get(6).action()).isEqualTo(new FaultAction.Duplicate(10, 0));
        assertThat(f.get(7).action()).isEqualTo(new FaultAction.Corrupt(1, 5));
        assertThat(f.get(8).target()).isEqualTo(new Target.Nodes(List.of(), Set.of(Role.LEADER)));
        assertThat(f.get(8).action()).isEqualTo(new FaultAction.Pause());
        assertThat(f.get(9).action()).isEqualTo(new FaultAction.Kill("SIGKILL", true));
        assertThat(f.get(10).action()).isEqualTo(new FaultAction.Stop(3, false));
        assertThat(f.get(10).duration()).isZero();
        assertThat(f.get(11).action())
                .isEqualTo(new FaultAction.Partition(List.of(List.of("alice", "mixer-1"), List.of("bob"))));
    }

    @Test
    void forcedMixerIdsPromotePeersAndAddNodes() {
        Scenario s = parser.parse("forced.yaml", """
                name: forced
                duration: 10s
                peers: [alice, bob, carol]
                mixers: [carol, m9]
                """);
        assertThat(s.nodes())
                .containsExactly(
                        new Peer("alice", Role.CLIENT),
                        new Peer("bob", Role.CLIENT),
                        new Peer("carol", Role.MIXER),
                        new Peer("m9", Role.MIXER));
        assertThat(s.seed()).isEqualTo(1);
        assertThat(s.measures()).containsExactly(Measure.LATENCY);
        assertThat(s.media()).isEqualTo(Media.defaults());
        assertThat(s.markerPath()).contains(new Target.Link("alice", "bob"));
    }

    @Test
    void markerPathCanBeNamedAndIsEmptyWithoutTwoClients() {
        Scenario named = parser.parse("m.yaml", """
                name: m
                duration: 10s
                peers: [a, b, c]
                measure: {metrics: [latency, jitter], from: c, to: a}
                """);
        assertThat(named.markerPath()).contains(new Target.Link("c", "a"));
        assertThat(named.measures()).containsExactlyInAnyOrder(Measure.LATENCY, Measure.JITTER);
        Scenario lonely = parser.parse("l.yaml", "name: l\nduration: 10s\npeers: [a]\nmixers: 1\n");
        assertThat(lonely.markerPath()).isEmpty();
    }

    @ParameterizedTest(name = "{0}")
    @org.junit.jupiter.params.provider.CsvSource({
        "unknown-target.yaml, 8, faults[0].target, unknown node 'mixer-2'",
        "bad-indent.yaml, 5, '', not valid YAML",
        "jitter-without-unit.yaml, 10, faults[0].delay.jitter, with a unit",
        "partition-with-stranger.yaml, 10, faults[0].partition.groups[1][1], unknown node 'eve'"
    })
    void invalidFilesOnDiskAreReportedWithTheirPath(String file, int line, String field, String problem) {
        Path path = Path.of("src/test/resources/scenarios/invalid", file);
        assertThatThrownBy(() -> parser.parse(path)).isInstanceOfSatisfying(ScenarioException.class, e -> {
            assertThat(e.getMessage()).startsWith(path + ":" + line + ":").contains(problem);
            assertThat(e.field()).isEqualTo(field);
        });
    }

    static List<Arguments> malformed() {
        String head = "name: bad\nduration: 1m\npeers: [alice, bob]\nmixers: 1\n";
        return List.of(
                Arguments.of("name: x\nduration: 1m\npeers: [a\n", 4, "", "not valid YAML"),
                Arguments.of("", 1, "", "empty"),
                Arguments.of("- just\n- a list\n", 1, "", "expected a mapping"),
                Arguments.of("name: x\npeers: [alice]\n", 1, "duration", "required field is missing"),
                Arguments.of("name: x\nduration: 60\npeers: [alice]\n", 2, "duration", "with a unit"),
                Arguments.of("name: x\nduration: 1m\npeers: [alice]\nsede: 3\n", 4, "sede", "unknown field 'sede'"),
                Arguments.of("name: x\nduration: 1m\nduration: 2m\npeers: [alice]\n", 3, "duration", "given twice"),
                Arguments.of("name: x\nduration: 1m\npeers: [alice, alice]\n", 3, "peers[1]", "declared twice"),
                Arguments.of("name: x\nduration: 1m\npeers: [Alice]\n", 3, "peers[0]", "lower-case"),
                Arguments.of("name: x\nduration: 1m\npeers: [all]\n", 3, "peers[0]", "reserved"),
                Arguments.of(
                        "name: x\nduration: 1m\npeers:\n  - {id: a, role: leader}\n", 4, "peers[0].role", "elected"),
                Arguments.of("name: x\nduration: 1m\npeers: [a]\nmixers: 40\n", 4, "mixers", "outside 0..16"),
                Arguments.of(
                        "name: x\nduration: 1m\npeers: [a]\nmeasure: [latency, speed]\n",
                        4,
                        "measure[1]",
                        "unknown measure"),
                Arguments.of("name: x\nseed: abc\nduration: 1m\npeers: [a]\n", 2, "seed", "whole number"),
                Arguments.of(
                        "name: x\nduration: 1m\npeers: [a, b]\nmeasure: {from: a, to: z}\n",
                        4,
                        "measure.to",
                        "unknown node 'z'"),
                Arguments.of("name: x\nduration: 1m\npeers: [a, b]\nmeasure: {from: a}\n", 4, "measure.to", "required"),
                Arguments.of(
                        "name: x\nduration: 1m\npeers: [a, b]\nmeasure: {from: a, to: a}\n",
                        4,
                        "measure.to",
                        "another node"),
                Arguments.of("name: x\nduration: 2000h\npeers: [a]\n", 2, "duration", "longer than a day"),
                Arguments.of("name: -x\nduration: 1m\npeers: [a]\n", 1, "name", "lower-case"),
                Arguments.of(
                        "name: x\nduration: 1m\npeers: [a]\nmedia: {marker-interval: 5ms}\n",
                        4,
                        "media.marker-interval",
                        "every 200ms"),
                Arguments.of(
                        head + "faults:\n  - start: 5s\n    target: bob\n    stop: {grace: 1500ms}\n",
                        8,
                        "faults[0].stop.grace",
                        "whole seconds"),
                Arguments.of(
                        head + "faults:\n  - start: 1s\n    duration: 2s\n    target: all\n",
                        6,
                        "faults[0]",
                        "needs one action"),
                Arguments.of(
                        head
                                + "faults:\n  - start: 1s\n    duration: 2s\n    target: all\n    pause: {}\n    stop: {}\n",
                        6,
                        "faults[0]",
                        "one action per fault"),
                Arguments.of(
                        head + "faults:\n  - start: 1s\n    duration: 2s\n    target: carol\n    pause: {}\n",
                        8,
                        "faults[0].target",
                        "unknown node 'carol'"),
                Arguments.of(
                        head
                                + "faults:\n  - start: 1s\n    duration: 2s\n    target: alice->alice\n    loss: {percent: 1}\n",
                        8,
                        "faults[0].target",
                        "two different nodes"),
                Arguments.of(
                        head + "faults:\n  - start: 1s\n    duration: 2s\n    target: alice->bob\n    pause: {}\n",
                        8,
                        "faults[0].target",
                        "not links"),
                Arguments.of(
                        head + "faults:\n  - start: 1s\n    duration: 2s\n    target: [all, bob]\n    pause: {}\n",
                        8,
                        "faults[0].target[0]",
                        "cannot be combined"),
                Arguments.of(
                        head + "faults:\n  - start: 1s\n    duration: 2s\n    target: all\n    loss: {percent: 120}\n",
                        9,
                        "faults[0].loss.percent",
                        "outside 0..100"),
                Arguments.of(
                        head + "faults:\n  - start: 1s\n    duration: 2s\n    target: all\n    loss: {percnt: 1}\n",
                        9,
                        "faults[0].loss.percnt",
                        "unknown field"),
                Arguments.of(
                        head
                                + "faults:\n  - start: 1s\n    duration: 2s\n    target: all\n    loss: {correlation: 1}\n",
                        9,
                        "faults[0].loss.percent",
                        "required field is missing"),
                Arguments.of(
                        head
                                + "faults:\n  - start: 1s\n    duration: 2s\n    target: all\n    delay:\n      time: 100ms\n      jitter: 1.5ms\n",
                        11,
                        "faults[0].delay.jitter",
                        "whole milliseconds"),
                Arguments.of(
                        head
                                + "faults:\n  - start: 1s\n    duration: 2s\n    target: all\n    delay:\n      time: 100ms\n      distribution: normal\n",
                        11,
                        "faults[0].delay.distribution",
                        "set jitter too"),
                Arguments.of(
                        head
                                + "faults:\n  - start: 1s\n    duration: 2s\n    target: all\n    delay:\n      time: 100ms\n      jitter: 5ms\n      distribution: gauss\n",
                        12,
                        "faults[0].delay.distribution",
                        "unknown distribution"),
                Arguments.of(
                        head
                                + "faults:\n  - start: 1s\n    duration: 2s\n    target: all\n    rate: {rate: 1 megabit}\n",
                        9,
                        "faults[0].rate.rate",
                        "1mbit"),
                Arguments.of(
                        head + "faults:\n  - start: 50s\n    duration: 20s\n    target: all\n    pause: {}\n",
                        7,
                        "faults[0].duration",
                        "after the scenario's 1m"),
                Arguments.of(
                        head + "faults:\n  - start: 5s\n    target: all\n    pause: {}\n",
                        6,
                        "faults[0].duration",
                        "required field is missing"),
                Arguments.of(
                        head + "faults:\n  - start: 5s\n    duration: 3s\n    target: bob\n    kill: {}\n",
                        7,
                        "faults[0].duration",
                        "instantaneous"),
                Arguments.of(
                        head + "faults:\n  - start: 5s\n    target: bob\n    kill: {signal: kill}\n",
                        8,
                        "faults[0].kill.signal",
                        "signal name"),
                Arguments.of(
                        head
                                + "faults:\n  - start: 5s\n    duration: 3s\n    target: all\n    loss-state: {p13: 60, p14: 50}\n",
                        9,
                        "faults[0].loss-state",
                        "p13 + p14"),
                Arguments.of(
                        head
                                + "faults:\n  - start: 5s\n    duration: 3s\n    partition:\n      groups: [[alice, bob], [bob]]\n",
                        9,
                        "faults[0].partition.groups[1][0]",
                        "in two groups"),
                Arguments.of(
                        head
                                + "faults:\n  - start: 5s\n    duration: 3s\n    partition:\n      groups: [[alice, bob]]\n",
                        9,
                        "faults[0].partition.groups",
                        "at least two groups"),
                Arguments.of(
                        head
                                + "faults:\n  - start: 5s\n    duration: 3s\n    target: all\n    partition:\n      groups: [[alice], [bob]]\n",
                        8,
                        "faults[0].target",
                        "remove target"),
                Arguments.of(
                        head
                                + "faults:\n  - start: 5s\n    duration: 3s\n    target: all\n    reorder: {percent: 25}\n",
                        6,
                        "faults[0]",
                        "needs a delay fault"));
    }

    @ParameterizedTest(name = "[{index}] {3}")
    @MethodSource("malformed")
    void malformedFilesNameFileLineAndField(String yaml, int line, String field, String problem) {
        assertThatThrownBy(() -> parser.parse("bad.yaml", yaml)).isInstanceOfSatisfying(ScenarioException.class, e -> {
            assertThat(e.file()).isEqualTo("bad.yaml");
            assertThat(e.line()).as(e.getMessage()).isEqualTo(line);
            assertThat(e.field()).as(e.getMessage()).isEqualTo(field);
            assertThat(e.getMessage()).startsWith("bad.yaml:" + line + ":").containsIgnoringCase(problem);
        });
    }
}
