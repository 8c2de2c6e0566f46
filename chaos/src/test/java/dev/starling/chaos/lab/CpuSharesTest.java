package dev.starling.chaos.lab;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Against directory trees laid out like the two cgroup file systems (the kernel's behave alike for these files). */
class CpuSharesTest {

    @Test
    void cgroupV1GetsAPeriodAQuotaAndTheProcess(@TempDir Path root) throws Exception {
        Files.createDirectories(root.resolve("cpu"));
        Files.writeString(root.resolve("cpu/cpu.cfs_quota_us"), "-1\n");
        CpuShares shares = CpuShares.detect(root, "ab12").orElseThrow();

        shares.place("peer2", 4242);
        Path group = root.resolve("cpu/starling-lab-ab12/peer2");
        assertThat(group.resolve("cpu.cfs_quota_us")).doesNotExist();
        shares.cap("peer2", 0.25);

        assertThat(shares.version()).contains("v1");
        assertThat(Files.readString(group.resolve("cpu.cfs_period_us"))).isEqualTo("100000\n");
        assertThat(Files.readString(group.resolve("cpu.cfs_quota_us"))).isEqualTo("25000\n");
        assertThat(Files.readString(group.resolve("cgroup.procs"))).isEqualTo("4242\n");
    }

    @Test
    void cgroupV2GetsCpuMaxAndTheControllerEnabledForItsChildren(@TempDir Path root) throws Exception {
        Files.writeString(root.resolve("cgroup.controllers"), "cpuset cpu io memory pids\n");
        CpuShares shares = CpuShares.detect(root, "ab12").orElseThrow();

        shares.place("peer1", 77);
        shares.cap("peer1", 1.5);

        assertThat(shares.version()).contains("v2");
        assertThat(Files.readString(root.resolve("starling-lab-ab12/cgroup.subtree_control")))
                .isEqualTo("+cpu\n");
        assertThat(Files.readString(root.resolve("starling-lab-ab12/peer1/cpu.max")))
                .isEqualTo("150000 100000\n");
    }

    @Test
    void noControllerNoShares(@TempDir Path root) throws Exception {
        Files.writeString(root.resolve("cgroup.controllers"), "memory pids\n");
        assertThat(CpuShares.detect(root, "ab12")).isEmpty();
        assertThat(CpuShares.detect(root.resolve("absent"), "ab12")).isEmpty();
    }

    @Test
    void refusesNonsense(@TempDir Path root) throws Exception {
        Files.createDirectories(root.resolve("cpu"));
        Files.writeString(root.resolve("cpu/cpu.cfs_quota_us"), "-1\n");
        CpuShares shares = CpuShares.detect(root, "ab12").orElseThrow();

        assertThatThrownBy(() -> shares.place("peer1", 0)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> shares.place("../etc", 5)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> shares.cap("peer1", 1)).isInstanceOf(IllegalStateException.class);
        shares.place("peer1", 5);
        assertThatThrownBy(() -> shares.cap("peer1", 0)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void staleGroupsOfKilledRunsAreRemoved(@TempDir Path root) throws Exception {
        Files.createDirectories(root.resolve("cpu/starling-lab-dead/peer1"));
        Files.createDirectories(root.resolve("cpu/other-group"));

        assertThat(CpuShares.removeStale(root)).isEqualTo(1);
        assertThat(root.resolve("cpu/starling-lab-dead")).doesNotExist();
        assertThat(root.resolve("cpu/other-group")).exists();
    }
}
