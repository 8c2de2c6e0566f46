package dev.starling.node.mixing;

import static dev.starling.node.mixing.AudioMixer.FRAME_SAMPLES;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.starling.node.mixing.AudioMixer.Offer;
import org.junit.jupiter.api.Test;

class AudioMixerTest {

    private final AudioMixer mixer = new AudioMixer(32, 3, SoftLimiter.standard());
    private final short[] out = new short[FRAME_SAMPLES];

    /** A distinct synthetic signal per source and frame: a ramp with a source-specific slope. */
    private static short[] ramp(int slope, int offset) {
        short[] pcm = new short[FRAME_SAMPLES];
        for (int i = 0; i < FRAME_SAMPLES; i++) {
            pcm[i] = (short) (offset + slope * (i - FRAME_SAMPLES / 2));
        }
        return pcm;
    }

    private static short[] constant(int value) {
        short[] pcm = new short[FRAME_SAMPLES];
        java.util.Arrays.fill(pcm, (short) value);
        return pcm;
    }

    @Test
    void mixMinusIsSampleExact() {
        short[] a = ramp(3, 100);
        short[] b = ramp(-5, -700);
        short[] c = ramp(11, 2_000);
        mixer.offer("a", 10, a);
        mixer.offer("b", 10, b);
        mixer.offer("c", 10, c);
        assertThat(mixer.mix(10)).isEqualTo(3);

        mixer.render("a", out);
        for (int i = 0; i < FRAME_SAMPLES; i++) {
            assertThat(out[i]).as("a hears b+c at %d", i).isEqualTo((short) (b[i] + c[i]));
        }
        mixer.render("b", out);
        for (int i = 0; i < FRAME_SAMPLES; i++) {
            assertThat(out[i]).isEqualTo((short) (a[i] + c[i]));
        }
        mixer.render("c", out);
        for (int i = 0; i < FRAME_SAMPLES; i++) {
            assertThat(out[i]).isEqualTo((short) (a[i] + b[i]));
        }
        // A listen-only recipient (e.g. another mixer) hears everyone.
        mixer.render("listener", out);
        for (int i = 0; i < FRAME_SAMPLES; i++) {
            assertThat(out[i]).isEqualTo((short) (a[i] + b[i] + c[i]));
        }
    }

    @Test
    void twoMixersExchangeMixesWithoutEchoingEachOtherBack() {
        // Mixer A serves a1, a2 and hosts its own participant "A"; mixer B's client mix arrives
        // at A as one more source "B". What A sends back to B must not contain B's own mix.
        mixer.offer("A", 0, constant(1));
        mixer.offer("a1", 0, constant(10));
        mixer.offer("a2", 0, constant(100));
        mixer.offer("B", 0, constant(1_000));
        mixer.mix(0);
        mixer.render("B", out);
        assertThat(out).containsOnly((short) 111); // A + a1 + a2, no echo of B
        mixer.render("a1", out);
        assertThat(out).containsOnly((short) 1_101); // A + a2 + everyone behind B
        mixer.render("A", out);
        assertThat(out).containsOnly((short) 1_110);
    }

    @Test
    void eachSourceLevelIsTheRmsOfItsFrameInTheLastMix() {
        mixer.offer("half", 0, constant(16_384));
        mixer.offer("quiet", 0, constant(-328));
        mixer.offer("late", 1, constant(1_000));
        mixer.mix(0);
        java.util.Map<String, Double> levels = new java.util.HashMap<>();
        mixer.forEachLevel(levels::put);
        assertThat(levels.get("half")).isCloseTo(0.5, org.assertj.core.data.Offset.offset(1e-9));
        assertThat(levels.get("quiet")).isCloseTo(0.01, org.assertj.core.data.Offset.offset(1e-4));
        assertThat(levels.get("late")).as("no frame in this mix").isZero();
    }

    @Test
    void nobodyHearsThemselvesEvenWhenAlone() {
        mixer.offer("solo", 0, ramp(7, 0));
        mixer.mix(0);
        mixer.render("solo", out);
        assertThat(out).containsOnly((short) 0);
    }

    @Test
    void missingSourceFrameIsSilenceAndDoesNotCorruptMixMinus() {
        mixer.addSource("b");
        mixer.offer("a", 5, constant(1_000));
        mixer.offer("c", 5, constant(-300));
        assertThat(mixer.mix(5)).isEqualTo(2);
        mixer.render("b", out); // b sent nothing: hears a + c
        assertThat(out).containsOnly((short) 700);
        mixer.render("a", out);
        assertThat(out).containsOnly((short) -300);
    }

    @Test
    void framesAreAlignedByIndexWithinTheJitterTolerance() {
        // a arrives 2 frames early (within tolerance 3), b on time.
        assertThat(mixer.offer("a", 0, constant(1))).isEqualTo(Offer.ACCEPTED);
        assertThat(mixer.offer("a", 1, constant(2))).isEqualTo(Offer.ACCEPTED);
        assertThat(mixer.offer("a", 2, constant(3))).isEqualTo(Offer.ACCEPTED);
        assertThat(mixer.offer("b", 0, constant(10))).isEqualTo(Offer.ACCEPTED);
        mixer.mix(0);
        mixer.render("x", out);
        assertThat(out).containsOnly((short) 11);

        assertThat(mixer.offer("a", 4, constant(5))).isEqualTo(Offer.TOO_EARLY); // 0 + 3 < 4
        assertThat(mixer.offer("a", 3, constant(4))).isEqualTo(Offer.ACCEPTED);
        assertThat(mixer.offer("b", 0, constant(10))).isEqualTo(Offer.LATE);
        assertThat(mixer.offer("a", 1, constant(2))).isEqualTo(Offer.DUPLICATE);
        // An early offer must not overwrite the frame still being rendered.
        mixer.render("x", out);
        assertThat(out).containsOnly((short) 11);

        for (int k = 1; k <= 3; k++) {
            mixer.mix(k);
            mixer.render("x", out);
            assertThat(out).containsOnly((short) (k + 1));
        }
    }

    @Test
    void timestampsRoundToTheNearestFrame() {
        assertThat(AudioMixer.frameIndexOf(0)).isZero();
        assertThat(AudioMixer.frameIndexOf(480 * 7 + 239)).isEqualTo(7);
        assertThat(AudioMixer.frameIndexOf(480 * 7 - 240)).isEqualTo(7);
        assertThat(AudioMixer.frameIndexOf(-1)).isZero();
    }

    @Test
    void loudSumIsLimitedNotWrapped() {
        for (int s = 0; s < 8; s++) {
            mixer.offer("s" + s, 0, constant(20_000));
        }
        mixer.mix(0);
        mixer.render("s0", out); // 7 x 20 000 = 140 000 would wrap to 8 928 without a limiter
        assertThat(out[0]).isGreaterThan((short) 30_000).isLessThanOrEqualTo(Short.MAX_VALUE);
        mixer.render("listener", out);
        assertThat(out[0]).isGreaterThan((short) 30_000);
    }

    @Test
    void removedSourceNoLongerContributes() {
        mixer.offer("a", 0, constant(5));
        mixer.offer("b", 0, constant(7));
        mixer.removeSource("b");
        assertThat(mixer.mix(0)).isEqualTo(1);
        mixer.render("x", out);
        assertThat(out).containsOnly((short) 5);
    }

    @Test
    void mixMinusIsSampleExactForSixteenLoudSourcesWithGaps() {
        // Seeded noise loud enough that most mixes pass the limiter's knee; two sources miss the
        // frame. Every recipient must get exactly limiter(sum of everyone else who sent a frame).
        SoftLimiter limiter = SoftLimiter.standard();
        java.util.SplittableRandom random = new java.util.SplittableRandom(4);
        int n = 16;
        short[][] pcm = new short[n][FRAME_SAMPLES];
        for (int s = 0; s < n; s++) {
            mixer.addSource("p" + s);
            for (int i = 0; i < FRAME_SAMPLES; i++) {
                pcm[s][i] = (short) random.nextInt(Short.MIN_VALUE, Short.MAX_VALUE + 1);
            }
        }
        java.util.Set<Integer> silent = java.util.Set.of(3, 11);
        for (int s = 0; s < n; s++) {
            if (!silent.contains(s)) {
                assertThat(mixer.offer("p" + s, 42, pcm[s])).isEqualTo(Offer.ACCEPTED);
            }
        }
        assertThat(mixer.mix(42)).isEqualTo(n - silent.size());
        int limited = 0;
        for (int r = -1; r < n; r++) { // -1: a listen-only recipient
            mixer.render(r < 0 ? "listener" : "p" + r, out);
            for (int i = 0; i < FRAME_SAMPLES; i++) {
                long others = 0;
                for (int s = 0; s < n; s++) {
                    if (s != r && !silent.contains(s)) {
                        others += pcm[s][i];
                    }
                }
                assertThat(out[i]).as("recipient %d sample %d", r, i).isEqualTo(limiter.apply((int) others));
                if (Math.abs(others) > limiter.threshold()) {
                    limited++;
                }
            }
        }
        assertThat(limited).as("the knee was exercised").isGreaterThan(1_000);
    }

    @Test
    void limitingActsOnTheFinalMixSoLoudOppositeSourcesCancelExactly() {
        // 8 sources at +20 000 and 8 at -20 000 cancel; only the quiet one remains, bit-exact.
        // A mixer that limited or clipped per source, or per partial sum, would not give this.
        for (int s = 0; s < 8; s++) {
            mixer.offer("up" + s, 0, constant(20_000));
            mixer.offer("down" + s, 0, constant(-20_000));
        }
        short[] quiet = ramp(2, 0);
        mixer.offer("quiet", 0, quiet);
        mixer.mix(0);
        mixer.render("listener", out);
        assertThat(out).containsExactly(quiet);
        mixer.render("quiet", out);
        assertThat(out).containsOnly((short) 0);
        mixer.render("up0", out); // 7 up, 8 down, quiet: -20 000 + quiet, below the threshold
        for (int i = 0; i < FRAME_SAMPLES; i++) {
            assertThat(out[i]).isEqualTo((short) (-20_000 + quiet[i]));
        }
    }

    @Test
    void fullScaleOfBothPolaritiesFromManySourcesStaysInRangeWithTheRightSign() {
        for (int s = 0; s < 32; s++) {
            mixer.offer("s" + s, 0, constant(s % 2 == 0 ? Short.MAX_VALUE : Short.MIN_VALUE));
        }
        mixer.mix(0);
        mixer.render("listener", out); // 16 x 32 767 - 16 x 32 768 = -16
        assertThat(out).containsOnly((short) -16);
        mixer.render("s0", out); // -32 783: just past full scale, limited to -32 767 at most
        assertThat(out[0]).isNegative().isGreaterThanOrEqualTo((short) -Short.MAX_VALUE);

        AudioMixer loud = new AudioMixer(32, 1, SoftLimiter.standard());
        for (int s = 0; s < 32; s++) {
            loud.offer("s" + s, 0, constant(Short.MIN_VALUE));
        }
        loud.mix(0);
        loud.render("s0", out); // 31 x -32 768 would wrap to -32 768 + ... without the limiter
        assertThat(out).containsOnly(SoftLimiter.standard().apply(31 * Short.MIN_VALUE));
        assertThat(out[0]).isLessThan((short) -32_000);
    }

    @Test
    void rejectsMisuse() {
        assertThatThrownBy(() -> mixer.offer("a", 0, new short[10])).isInstanceOf(IllegalArgumentException.class);
        mixer.mix(3);
        assertThatThrownBy(() -> mixer.mix(3)).isInstanceOf(IllegalArgumentException.class);
        AudioMixer small = new AudioMixer(1, 1, SoftLimiter.standard());
        small.addSource("a");
        assertThatThrownBy(() -> small.addSource("b")).isInstanceOf(IllegalStateException.class);
    }
}
