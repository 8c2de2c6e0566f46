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
}
