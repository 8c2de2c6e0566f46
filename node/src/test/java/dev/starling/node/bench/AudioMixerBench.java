package dev.starling.node.bench;

import dev.starling.node.mixing.AudioMixer;
import dev.starling.node.mixing.SoftLimiter;
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
import org.openjdk.jmh.infra.Blackhole;

/**
 * What a mixer peer does every 10 ms with N sources: queue one decoded frame per source, mix
 * once, and render N mix-minus outputs (one per recipient). The score is the cost of one such
 * 10 ms tick; the real-time budget is 10 000 us.
 *
 * <p>Sources carry noise at about -12 dBFS each, so from 8 sources up the sums exceed the
 * limiter threshold and its tanh knee is on the measured path, as in a loud room.
 *
 * <p>Run with the compositor bench: {@code ./mvnw -q -B -pl node -am test-compile exec:exec@mixer-bench}.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
public class AudioMixerBench {

    /** Distinct frames per source, cycled, so the JIT cannot treat the input as constant. */
    private static final int FRAMES = 16;

    @Param({"2", "4", "8", "16", "32"})
    public int sources;

    private AudioMixer mixer;
    private String[] ids;
    private short[][][] pcm;
    private short[] out;
    private long frame;

    @Setup
    public void setUp() {
        mixer = new AudioMixer(sources, 3, SoftLimiter.standard());
        ids = new String[sources];
        pcm = new short[sources][FRAMES][AudioMixer.FRAME_SAMPLES];
        SplittableRandom random = new SplittableRandom(42);
        for (int s = 0; s < sources; s++) {
            ids[s] = "peer-" + s;
            mixer.addSource(ids[s]);
            for (int f = 0; f < FRAMES; f++) {
                for (int i = 0; i < AudioMixer.FRAME_SAMPLES; i++) {
                    pcm[s][f][i] = (short) random.nextInt(-8_192, 8_193);
                }
            }
        }
        out = new short[AudioMixer.FRAME_SAMPLES];
        frame = 0;
    }

    @Benchmark
    public void tick(Blackhole bh) {
        long index = frame++;
        int f = (int) (index % FRAMES);
        for (int s = 0; s < sources; s++) {
            bh.consume(mixer.offer(ids[s], index, pcm[s][f]));
        }
        bh.consume(mixer.mix(index));
        for (int s = 0; s < sources; s++) {
            mixer.render(ids[s], out);
            bh.consume(out);
        }
    }
}
