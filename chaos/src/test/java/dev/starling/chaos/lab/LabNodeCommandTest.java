package dev.starling.chaos.lab;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

class LabNodeCommandTest {
    @Test
    void aNodeEntersItsNamespacesNetworkOnlySoItSeesItsCpuQuota() {
        assertThat(LabNode.enteringNetworkOnly(List.of("ip", "netns", "exec", "stl-lab-1-peer2")))
                .containsExactly("nsenter", "--net=/run/netns/stl-lab-1-peer2", "--");
    }

    @Test
    void anyOtherWayInIsKept() {
        assertThat(LabNode.enteringNetworkOnly(List.of())).isEmpty();
        assertThat(LabNode.enteringNetworkOnly(List.of("ssh", "box"))).containsExactly("ssh", "box");
    }

    /** As root, a process may make a thread real-time; behind the lab's prefix it may not, as a person's node. */
    @Test
    void labNodesCannotMakeTheirThreadsRealTime() throws Exception {
        org.junit.jupiter.api.Assumptions.assumeTrue(
                run(List.of("chrt", "-f", "1", "true")) == 0, "this process may not use real-time scheduling anyway");
        List<String> command = new java.util.ArrayList<>(LabNode.WITHOUT_REALTIME_SCHEDULING);
        command.addAll(List.of("chrt", "-f", "1", "true"));
        assertThat(run(command)).as("chrt -f behind the prefix").isNotZero();
        List<String> harmless = new java.util.ArrayList<>(LabNode.WITHOUT_REALTIME_SCHEDULING);
        harmless.add("true");
        assertThat(run(harmless)).as("anything else still runs").isZero();
    }

    private static int run(List<String> command) throws Exception {
        Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
        p.getInputStream().readAllBytes();
        return p.waitFor(10, java.util.concurrent.TimeUnit.SECONDS) ? p.exitValue() : -1;
    }
}
