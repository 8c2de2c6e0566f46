package dev.starling.node.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CpuBudgetTest {
    @TempDir
    Path root;

    @Test
    void withoutAQuotaTheBudgetIsTheProcessors() throws IOException {
        Path self = write("proc/cgroup", "4:memory:/x\n1:cpu:/\n0::/\n");
        write("cgroup/cpu/cpu.cfs_quota_us", "-1\n");
        write("cgroup/cpu/cpu.cfs_period_us", "100000\n");
        assertThat(budget(self, 2).cores()).isEqualTo(2);
    }

    @Test
    void aV1QuotaOnTheGroupOrAnAncestorCapsTheBudget() throws IOException {
        Path self = write("proc/cgroup", "1:cpu:/starling-lab-a/peer3\n");
        write("cgroup/cpu/cpu.cfs_quota_us", "-1");
        write("cgroup/cpu/cpu.cfs_period_us", "100000");
        write("cgroup/cpu/starling-lab-a/cpu.cfs_quota_us", "150000");
        write("cgroup/cpu/starling-lab-a/cpu.cfs_period_us", "100000");
        write("cgroup/cpu/starling-lab-a/peer3/cpu.cfs_quota_us", "25000");
        write("cgroup/cpu/starling-lab-a/peer3/cpu.cfs_period_us", "100000");
        assertThat(budget(self, 2).cores()).isEqualTo(0.25);

        write("cgroup/cpu/starling-lab-a/peer3/cpu.cfs_quota_us", "-1");
        assertThat(budget(self, 2).cores()).as("the parent's 1.5 cores").isEqualTo(1.5);
    }

    @Test
    void aV1ControllerMountedWithCpuacctIsFound() throws IOException {
        Path self = write("proc/cgroup", "3:cpu,cpuacct:/box\n");
        write("cgroup/cpu,cpuacct/box/cpu.cfs_quota_us", "50000");
        write("cgroup/cpu,cpuacct/box/cpu.cfs_period_us", "100000");
        assertThat(budget(self, 8).cores()).isEqualTo(0.5);
    }

    @Test
    void aV2CpuMaxCapsTheBudgetAndMaxMeansNone() throws IOException {
        Path self = write("proc/cgroup", "0::/user.slice/node.scope\n");
        write("cgroup/user.slice/cpu.max", "max 100000\n");
        write("cgroup/user.slice/node.scope/cpu.max", "75000 100000\n");
        assertThat(budget(self, 4).cores()).isEqualTo(0.75);

        write("cgroup/user.slice/node.scope/cpu.max", "max 100000\n");
        assertThat(budget(self, 4).cores()).isEqualTo(4);
    }

    @Test
    void aContainerWhoseHostPathIsNotMountedUsesItsOwnMount() throws IOException {
        Path self = write("proc/cgroup", "0::/docker/0123abcd\n");
        write("cgroup/cpu.max", "200000 100000\n");
        assertThat(budget(self, 16).cores()).isEqualTo(2);
    }

    @Test
    void unreadableOrGarbageFilesLeaveTheProcessors() throws IOException {
        assertThat(budget(root.resolve("missing"), 3).cores()).isEqualTo(3);
        Path self = write("proc/cgroup", "1:cpu:/../../etc\n");
        write("cgroup/cpu/cpu.cfs_quota_us", "lots");
        write("cgroup/cpu/cpu.cfs_period_us", "0");
        assertThat(budget(self, 3).cores()).isEqualTo(3);
    }

    @Test
    void thisProcessHasABudgetOfAtLeastSomeCpu() {
        assertThat(CpuBudget.ofThisProcess().cores()).isPositive();
    }

    private CpuBudget budget(Path self, int processors) {
        return new CpuBudget(self, root.resolve("cgroup"), () -> processors);
    }

    private Path write(String file, String content) throws IOException {
        Path path = root.resolve(file);
        Files.createDirectories(path.getParent());
        return Files.writeString(path, content);
    }
}
