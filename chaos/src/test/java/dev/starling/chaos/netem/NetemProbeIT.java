package dev.starling.chaos.netem;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.starling.chaos.host.Availability;
import dev.starling.chaos.host.ProcessCommandRunner;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class NetemProbeIT {
    /** On this machine type (root, no sch_netem) the real probe must say no and leave nothing behind. */
    @Test
    void realProbeLeavesNoNamespaceBehind() {
        // JUnit's assumption, not AssertJ's: the latter builds a proxy class, seconds on a busy machine.
        assumeTrue(Files.isExecutable(Path.of("/usr/sbin/ip")) || Files.isExecutable(Path.of("/sbin/ip")));
        assumeTrue("root".equals(System.getProperty("user.name")));
        ProcessCommandRunner runner = new ProcessCommandRunner();
        Availability a = new NetemProbe(runner).check();
        assertThat(a.reason()).isNotBlank();
        String namespaces = runner.run(List.of("ip", "netns", "list"), Duration.ofSeconds(5))
                .output();
        assertThat(namespaces)
                .doesNotContain(
                        "starling-netem-probe-" + ProcessHandle.current().pid());
    }
}
