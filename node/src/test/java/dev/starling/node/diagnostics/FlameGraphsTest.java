package dev.starling.node.diagnostics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FlameGraphsTest {
    @TempDir
    Path dir;

    /** The real profiler: what a thread did while it recorded shows in the flame graph written. */
    @Test
    void aRecordingIsAFlameGraphOfWhatTheProcessDidMeanwhile() throws Exception {
        FlameGraphs flameGraphs = new FlameGraphs(dir.resolve("graphs"), "peer 1/x");
        assertThatThrownBy(flameGraphs::stop).isInstanceOf(IllegalStateException.class);

        assertThat(flameGraphs.start()).containsEntry("recording", true);
        assertThatThrownBy(flameGraphs::start).isInstanceOf(IllegalStateException.class);
        double sink = spinFor(400);
        var status = flameGraphs.stop();

        assertThat(status).containsEntry("recording", false);
        assertThat(status.get("event")).isIn("cpu", "itimer");
        Path file = Path.of(status.get("lastFile").toString());
        assertThat(file.getParent()).isEqualTo(dir.resolve("graphs"));
        assertThat(file.getFileName().toString()).startsWith("flame-peer_1_x-").endsWith(".html");
        assertThat(Files.readString(file)).contains("spinFor");
        assertThat(sink).isNotNaN();
    }

    private static double spinFor(long millis) {
        long end = System.nanoTime() + millis * 1_000_000;
        double x = 1;
        while (System.nanoTime() < end) {
            x = Math.sqrt(x + 1.5);
        }
        return x;
    }
}
