package dev.starling.chaos.fabric;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

class FabricConfigTest {
    @Test
    void namesCarryTheOwnerPidAndFitTheKernelLimits() {
        FabricConfig c = FabricConfig.defaults(List.of("alice", "mixer-1"), 1);
        long pid = ProcessHandle.current().pid();
        assertThat(c.namespace("alice")).startsWith("stl-fab-" + pid + "x").endsWith("-alice");
        assertThat(FabricConfig.ownerPid(c.namespace("mixer-1"))).isEqualTo(pid);
        assertThat(c.tapName(249).length()).isLessThan(16);
        assertThat(c.address(0)).isEqualTo("10.77.0.1");
        assertThat(FabricConfig.ownerPid("stl-fab-garbage")).isEqualTo(-1);
        assertThat(FabricConfig.ownerPid("netns-probe")).isEqualTo(-1);
    }

    @Test
    void twoRunsInOneProcessGetDifferentNames() {
        assertThat(FabricConfig.newRunId()).isNotEqualTo(FabricConfig.newRunId()); // 1 in 1.7M to flake
    }

    @Test
    void rejectsWhatCouldNotBecomeANamespaceOrAddress() {
        assertThatThrownBy(() -> FabricConfig.defaults(List.of("a", "a"), 1)).hasMessageContaining("duplicate");
        assertThatThrownBy(() -> FabricConfig.defaults(List.of("A b"), 1)).hasMessageContaining("bad node id");
        assertThatThrownBy(() -> FabricConfig.defaults(List.of(), 1)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void parsesProbeResults() {
        BurstResult r = BurstResult.parse(
                "result sent=200 recv=180 dup=0 p50us=512.5 minus=400.0 maxus=900.1 spanns=123 bps=2000000");
        assertThat(r.sent()).isEqualTo(200);
        assertThat(r.lossFraction()).isEqualTo(0.1, org.assertj.core.api.Assertions.within(1e-9));
        assertThat(r.p50Micros()).isEqualTo(512.5);
        assertThatThrownBy(() -> BurstResult.parse("result sent=1")).hasMessageContaining("unparsable");
    }
}
