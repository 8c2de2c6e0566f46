package dev.starling.chaos.lab;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;

/** A stop's grace, as {@code docker stop --time} has it: SIGTERM, then SIGKILL when the grace runs out. */
class LabNodeStopTest {
    @Test
    void aProcessThatHonoursSigtermExitsWithItsOwnCode() throws Exception {
        Process p = new ProcessBuilder("sleep", "30").start();
        assertThat(LabNode.stop(p, Duration.ofSeconds(10))).isEqualTo(143); // 128 + SIGTERM
    }

    @Test
    void aProcessThatIgnoresSigtermIsKilledWhenTheGraceEnds() throws Exception {
        Process p = new ProcessBuilder("bash", "-c", "trap '' TERM; echo ready; exec sleep 30").start();
        p.getInputStream().read(); // ignored signals survive exec, so sleep itself ignores SIGTERM
        long t0 = System.nanoTime();
        assertThat(LabNode.stop(p, Duration.ofSeconds(1))).isEqualTo(-1);
        long waitedMs = (System.nanoTime() - t0) / 1_000_000;
        assertThat(waitedMs).as("waited out the grace before SIGKILL").isGreaterThanOrEqualTo(1_000);
        assertThat(p.isAlive()).isFalse();
    }
}
