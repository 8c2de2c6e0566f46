package dev.starling.chaos.lab;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.starling.chaos.host.CommandResult;
import dev.starling.chaos.host.Privileges;
import dev.starling.chaos.host.ProcessCommandRunner;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class LabNetworkIT {
    private final ProcessCommandRunner runner = new ProcessCommandRunner();

    @Test
    void nodesReachEachOtherAndTheHostAndEverythingIsRemoved() {
        assumeTrue(Privileges.isRoot(runner), "needs root (CAP_NET_ADMIN) to create namespaces");
        List<String> namespaces;
        try (LabNetwork network = LabNetwork.create(runner, 3)) {
            List<String> ping = new ArrayList<>(network.execIn(1));
            ping.addAll(List.of("ping", "-c", "1", "-W", "2", network.nodeAddress(3)));
            CommandResult nodeToNode = runner.run(ping, Duration.ofSeconds(10));
            assertThat(nodeToNode.ok()).as(nodeToNode.output()).isTrue();
            CommandResult hostToNode =
                    runner.run(List.of("ping", "-c", "1", "-W", "2", network.nodeAddress(2)), Duration.ofSeconds(10));
            assertThat(hostToNode.ok()).as(hostToNode.output()).isTrue();
            namespaces = List.of(network.bridgeNamespace(), network.nodeNamespace(1), network.nodeNamespace(3));
            assertThat(runner.run(List.of("ip", "netns", "list"), Duration.ofSeconds(5))
                            .output())
                    .contains(namespaces);
        }
        String after = runner.run(List.of("ip", "netns", "list"), Duration.ofSeconds(5))
                .output();
        for (String ns : namespaces) {
            assertThat(after).doesNotContain(ns);
        }
    }
}
