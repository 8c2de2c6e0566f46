package dev.starling.chaos.netem;

import static org.assertj.core.api.Assertions.assertThat;

import dev.starling.chaos.host.CommandResult;
import dev.starling.chaos.impairment.FaultSchedule;
import dev.starling.chaos.scenario.ScenarioParser;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.function.Predicate;
import org.junit.jupiter.api.Test;

/** The shaper against a recording command runner, on the parser's every-fault scenario. */
class NetemShaperTest {
    private final List<String> commands = new ArrayList<>();
    private Predicate<String> failing = c -> false;

    private NetemShaper shaper() {
        List<NetemShaper.Host> hosts = List.of(
                new NetemShaper.Host("alice", "ns-a", "10.0.0.11"),
                new NetemShaper.Host("bob", "ns-b", "10.0.0.12"),
                new NetemShaper.Host("mixer-1", "ns-m1", "10.0.0.13"),
                new NetemShaper.Host("mixer-2", "ns-m2", "10.0.0.14"));
        return NetemShaper.netem(
                (argv, timeout) -> {
                    String line = String.join(" ", argv);
                    commands.add(line);
                    return failing.test(line)
                            ? new CommandResult(2, "Error: Specified qdisc kind is unknown.\n")
                            : new CommandResult(0, "");
                },
                hosts,
                "eth0");
    }

    private static FaultSchedule schedule() throws Exception {
        return new FaultSchedule(new ScenarioParser().parse(Path.of("src/test/resources/scenarios/full.yaml")));
    }

    @Test
    void aLinkFaultShapesOnlyThatDestinationInTheSendersNamespace() throws Exception {
        NetemShaper shaper = shaper();
        shaper.apply(schedule(), Duration.ofSeconds(35), Set.of());
        assertThat(shaper.installed("alice")).containsOnlyKeys("10.0.0.12");
        assertThat(shaper.installed("alice").get("10.0.0.12")).containsExactly("netem", "loss", "random", "2%", "25%");
        assertThat(shaper.installed("bob")).isEmpty();
        assertThat(shaper.installed("mixer-1")).hasSize(3); // mixers lose in 4-state to everyone
        assertThat(commands)
                .contains(
                        "ip netns exec ns-a tc filter add dev eth0 parent 1: protocol ip prio 1 u32 match ip dst 10.0.0.12/32 flowid 1:10");
        assertThat(commands).noneMatch(c -> c.startsWith("ip netns exec ns-b tc qdisc add"));
    }

    @Test
    void unchangedNodesAreLeftAloneAndAPartitionIsTotalLoss() throws Exception {
        NetemShaper shaper = shaper();
        FaultSchedule s = schedule();
        shaper.apply(s, Duration.ofSeconds(35), Set.of());
        commands.clear();
        shaper.apply(s, Duration.ofSeconds(36), Set.of());
        assertThat(commands).as("nothing changed between 35 s and 36 s").isEmpty();

        shaper.apply(s, Duration.ofSeconds(100), Set.of()); // partition [alice, mixer-1] | [bob]
        assertThat(shaper.installed("alice")).containsOnlyKeys("10.0.0.12");
        assertThat(shaper.installed("alice").get("10.0.0.12")).containsExactly("netem", "loss", "random", "100%");
        assertThat(shaper.installed("bob")).containsOnlyKeys("10.0.0.11", "10.0.0.13");
        assertThat(shaper.installed("mixer-2"))
                .as("in no group: reaches everyone")
                .isEmpty();

        shaper.clear();
        assertThat(shaper.installed("alice")).isEmpty();
        assertThat(commands).contains("ip netns exec ns-a tc qdisc del dev eth0 root");
    }

    @Test
    void aRefusedCommandIsReportedAndLeavesNoHalfTree() throws Exception {
        failing = c -> c.contains(" netem ");
        NetemShaper shaper = shaper();
        shaper.apply(schedule(), Duration.ofSeconds(6), Set.of());
        assertThat(shaper.errors()).hasSize(4).allMatch(e -> e.contains("Specified qdisc kind is unknown"));
        assertThat(shaper.installed("alice")).isEmpty();
        assertThat(commands.get(commands.size() - 1)).endsWith("tc qdisc del dev eth0 root");
    }
}
