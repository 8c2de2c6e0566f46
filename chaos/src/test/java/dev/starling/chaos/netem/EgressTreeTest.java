package dev.starling.chaos.netem;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class EgressTreeTest {
    private static List<String> lines(Map<String, List<String>> leaves) {
        return EgressTree.build("eth0", leaves).stream()
                .map(c -> String.join(" ", c))
                .toList();
    }

    @Test
    void nothingImpairedBuildsNothing() {
        assertThat(EgressTree.build("eth0", Map.of())).isEmpty();
        assertThat(EgressTree.teardown("eth0")).containsExactly("tc", "qdisc", "del", "dev", "eth0", "root");
    }

    @Test
    void destinationsWithTheSameImpairmentShareAClassAndOthersGetTheirOwn() {
        Map<String, List<String>> leaves = new LinkedHashMap<>();
        leaves.put("10.0.0.13", List.of("netem", "loss", "random", "100%"));
        leaves.put("10.0.0.12", List.of("netem", "delay", "50000us"));
        leaves.put("10.0.0.14", List.of("netem", "loss", "random", "100%"));
        assertThat(lines(leaves))
                .containsExactly(
                        "tc qdisc add dev eth0 root handle 1: htb default 1",
                        "tc class add dev eth0 parent 1: classid 1:1 htb rate 10gbit quantum 60000",
                        "tc class add dev eth0 parent 1: classid 1:10 htb rate 10gbit quantum 60000",
                        "tc qdisc add dev eth0 parent 1:10 handle 10: netem delay 50000us",
                        "tc filter add dev eth0 parent 1: protocol ip prio 1 u32 match ip dst 10.0.0.12/32 flowid 1:10",
                        "tc class add dev eth0 parent 1: classid 1:11 htb rate 10gbit quantum 60000",
                        "tc qdisc add dev eth0 parent 1:11 handle 11: netem loss random 100%",
                        "tc filter add dev eth0 parent 1: protocol ip prio 1 u32 match ip dst 10.0.0.13/32 flowid 1:11",
                        "tc filter add dev eth0 parent 1: protocol ip prio 1 u32 match ip dst 10.0.0.14/32 flowid 1:11");
    }

    @Test
    void classNumbersAreHexAsTcReadsThem() {
        Map<String, List<String>> leaves = new LinkedHashMap<>();
        for (int i = 0; i < 20; i++) leaves.put("10.0.1." + (100 + i), List.of("netem", "delay", (i + 1) + "us"));
        assertThat(lines(leaves))
                .contains(
                        "tc qdisc add dev eth0 parent 1:1a handle 1a: netem delay 11us",
                        "tc filter add dev eth0 parent 1: protocol ip prio 1 u32 match ip dst 10.0.1.119/32 flowid 1:23");
    }

    @Test
    void refusesWhatWouldMakeABadCommand() {
        assertThatThrownBy(() -> EgressTree.build("eth0", Map.of("10.0.0.1; reboot", List.of("netem"))))
                .hasMessageContaining("not an IPv4 address");
        assertThatThrownBy(() -> EgressTree.build("eth0", Map.of("10.0.0.1", List.of())))
                .hasMessageContaining("no leaf");
    }
}
