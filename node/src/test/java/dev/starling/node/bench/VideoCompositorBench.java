package dev.starling.node.bench;

import dev.starling.node.media.picture.I420Frame;
import dev.starling.node.mixing.VideoCompositor;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

/**
 * One grid composite of N 320x240 participant pictures into the mixer's output picture, the
 * per-frame video cost of a mixer output (scaling and copying only; encoding is not included).
 * At 15 fps the real-time budget is 66.7 ms per frame.
 *
 * <p>Run with the audio bench: {@code ./mvnw -q -B -pl node -am test-compile exec:exec@mixer-bench}.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
public class VideoCompositorBench {

    @Param({"4", "9", "16"})
    public int tiles;

    @Param({"640x480", "1280x720"})
    public String output;

    private VideoCompositor compositor;
    private List<I420Frame> pictures;

    @Setup
    public void setUp() {
        String[] size = output.split("x");
        compositor = new VideoCompositor(Integer.parseInt(size[0]), Integer.parseInt(size[1]));
        SplittableRandom random = new SplittableRandom(7);
        pictures = new ArrayList<>(tiles);
        for (int t = 0; t < tiles; t++) {
            I420Frame picture = I420Frame.black(320, 240);
            fill(picture.y(), random);
            fill(picture.u(), random);
            fill(picture.v(), random);
            pictures.add(picture);
        }
    }

    private static void fill(byte[] plane, SplittableRandom random) {
        for (int i = 0; i < plane.length; i++) {
            plane[i] = (byte) random.nextInt(256);
        }
    }

    @Benchmark
    public I420Frame compose() {
        return compositor.compose(pictures);
    }
}
