package dev.starling.chaos.fabric;

import static org.assertj.core.api.Assertions.assertThat;

import dev.starling.chaos.host.ProcessCommandRunner;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** What a run leaves behind when its process is terminated or killed. Root and /dev/net/tun only. */
class FabricSignalIT {
    private final ProcessCommandRunner runner = new ProcessCommandRunner();

    @Test
    @Timeout(60)
    void sigtermRunsTheShutdownHookWhichDeletesTheNamespaces() throws Exception {
        FabricCleanupIT.assumeRootWithTun();
        Process child = holder();
        String[] ns = awaitUp(child);
        assertThat(namespaces()).contains(ns[0], ns[1]);
        child.destroy(); // SIGTERM
        assertThat(child.waitFor(20, TimeUnit.SECONDS)).isTrue();
        assertThat(namespaces()).doesNotContain(ns[0], ns[1]);
    }

    @Test
    @Timeout(60)
    void afterSigkillStaleCleanupRemovesWhatTheDeadRunLeft() throws Exception {
        FabricCleanupIT.assumeRootWithTun();
        Process child = holder();
        String[] ns = awaitUp(child);
        child.destroyForcibly(); // SIGKILL: no hook runs
        assertThat(child.waitFor(20, TimeUnit.SECONDS)).isTrue();
        assertThat(namespaces()).as("a killed run leaves its namespaces").contains(ns[0], ns[1]);
        assertThat(Fabric.cleanupStale(runner)).contains(ns[0], ns[1]);
        assertThat(namespaces()).doesNotContain(ns[0], ns[1]);
    }

    private static Process holder() throws Exception {
        return new ProcessBuilder(
                        System.getProperty("java.home") + "/bin/java",
                        "-cp",
                        System.getProperty("java.class.path"),
                        "-XX:TieredStopAtLevel=1",
                        "-XX:+UseSerialGC",
                        "-Xmx64m",
                        FabricHolder.class.getName())
                .redirectErrorStream(true)
                .start();
    }

    /** Reads the child's "up NS NS" line; readLine ends at EOF if the child dies, and @Timeout bounds the rest. */
    private static String[] awaitUp(Process child) throws Exception {
        BufferedReader r = new BufferedReader(new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8));
        StringBuilder seen = new StringBuilder();
        String line;
        while ((line = r.readLine()) != null) {
            if (line.startsWith("up ")) return line.substring(3).split(" ");
            seen.append(line).append('\n');
        }
        throw new AssertionError("fabric holder died: " + seen);
    }

    private String namespaces() {
        return runner.run(List.of("ip", "netns", "list"), Duration.ofSeconds(5)).output();
    }
}
