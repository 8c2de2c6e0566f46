package dev.starling.chaos.run;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.starling.chaos.host.Privileges;
import dev.starling.chaos.host.ProcessCommandRunner;
import dev.starling.chaos.impairment.FaultSchedule;
import dev.starling.chaos.scenario.Scenario;
import dev.starling.chaos.scenario.ScenarioParser;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * The netem backend on this kernel, as root: real namespaces, veths, bridge, HTB tree and u32
 * filters, with {@code pfifo} standing in for the netem leaf (this kernel has no sch_netem). What
 * it proves is everything but netem's own options: that the commands are valid here, that
 * traffic to an impaired destination lands in its class and other traffic does not, that a
 * partition's class takes over, and that nothing is left behind.
 */
class NetemBackendIT {
    private final ProcessCommandRunner runner = new ProcessCommandRunner();

    private static final String SCENARIO = """
            name: netem-tree
            duration: 30s
            peers: [a, b, c]
            faults:
              - {start: 0s, duration: 10s, target: a->b, delay: {time: 50ms}}
              - {start: 10s, duration: 10s, partition: {groups: [[a], [c]]}}
            """;

    @Test
    void linkFaultsAndPartitionsLandInTheirClassesAndCloseRemovesEverything() throws Exception {
        assumeTrue(Privileges.isRoot(runner), "needs root for namespaces and tc");
        Scenario scenario = new ScenarioParser().parse("netem-tree.yaml", SCENARIO);
        FaultSchedule schedule = new FaultSchedule(scenario);
        NetemBackend backend = new NetemBackend(runner, actions -> List.of("pfifo", "limit", "100"));
        ChaosBackend.Network network = backend.build(List.of("a", "b", "c"), 1);
        String nsA;
        try {
            nsA = network.hosts().execIn(1).get(3);
            String b = network.hosts().roomAddress(2), c = network.hosts().roomAddress(3);

            network.impairments().apply(schedule, Duration.ZERO, Set.of());
            ping(1, b, network);
            ping(1, c, network);
            assertThat(sentPackets(nsA, "1:10")).as("a->b is impaired").isGreaterThanOrEqualTo(3);
            long toC = sentPackets(nsA, "1:1");
            assertThat(toC).as("a->c and ARP take the unshaped class").isGreaterThanOrEqualTo(3);
            assertThat(tc(network, 2, "qdisc", "show", "dev", "eth0"))
                    .doesNotContain("htb")
                    .as("b->a is not impaired");

            network.impairments().apply(schedule, Duration.ofSeconds(10), Set.of());
            ping(1, c, network);
            assertThat(sentPackets(nsA, "1:10"))
                    .as("the tree was rebuilt: a->c is now the partitioned class")
                    .isGreaterThanOrEqualTo(3);
            assertThat(tc(network, 3, "filter", "show", "dev", "eth0"))
                    .as("c->a is cut as well")
                    .contains("flowid 1:10");

            network.impairments().clear();
            assertThat(tc(network, 1, "qdisc", "show", "dev", "eth0")).doesNotContain("htb");
            assertThat(network.impairments().errors()).isEmpty();
        } finally {
            network.hosts().close();
        }
        assertThat(runner.run(List.of("ip", "netns", "list"), Duration.ofSeconds(5))
                        .output())
                .doesNotContain(nsA);
    }

    private void ping(int from, String address, ChaosBackend.Network network) {
        var argv = new java.util.ArrayList<>(network.hosts().execIn(from));
        argv.addAll(List.of("ping", "-c", "3", "-i", "0.2", "-W", "1", address));
        assertThat(runner.run(argv, Duration.ofSeconds(10)).ok())
                .as("ping " + address)
                .isTrue();
    }

    private String tc(ChaosBackend.Network network, int node, String... args) {
        var argv = new java.util.ArrayList<>(network.hosts().execIn(node));
        argv.add("tc");
        argv.addAll(List.of(args));
        return runner.run(argv, Duration.ofSeconds(5)).output();
    }

    private long sentPackets(String namespace, String classId) {
        String out = runner.run(
                        List.of("ip", "netns", "exec", namespace, "tc", "-s", "class", "show", "dev", "eth0"),
                        Duration.ofSeconds(5))
                .output();
        Matcher m = Pattern.compile(
                        "class htb " + Pattern.quote(classId) + " .*?\\n\\s*Sent \\d+ bytes (\\d+) pkt", Pattern.DOTALL)
                .matcher(out);
        return m.find() ? Long.parseLong(m.group(1)) : -1;
    }
}
