package dev.starling.node.media.synthetic;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class MarkerDetectorTest {
    private static final int SECONDS = 4;

    /** Sums peers' signals, each delayed by its own offset, with per-peer gain ramps and white noise. */
    private static short[] mix(int[] slots, int[] delays, double[] gains, double noiseRms, long seed) {
        int n = SECONDS * MarkerPlan.SAMPLE_RATE;
        double[] acc = new double[n];
        for (int p = 0; p < slots.length; p++) {
            MarkerSignal signal = new MarkerSignal(slots[p]);
            short[] s = new short[n];
            signal.render(0, s);
            for (int i = 0; i < n; i++) {
                int at = i + delays[p];
                if (at < n) {
                    // Level changes mid-stream: gain slides from gains[p] to half of it.
                    double g = gains[p] * (1.0 - 0.5 * i / n);
                    acc[at] += s[i] * g;
                }
            }
        }
        Random rnd = new Random(seed);
        short[] out = new short[n];
        for (int i = 0; i < n; i++) {
            double v = acc[i] + rnd.nextGaussian() * noiseRms;
            out[i] = (short) Math.max(Short.MIN_VALUE, Math.min(Short.MAX_VALUE, Math.round(v)));
        }
        return out;
    }

    private static List<MarkerDetection> detect(short[] audio) {
        MarkerDetector detector = new MarkerDetector();
        List<MarkerDetection> all = new ArrayList<>();
        for (int i = 0; i < audio.length; i += MarkerPlan.FRAME_SAMPLES) {
            all.addAll(detector.process(audio, i, Math.min(MarkerPlan.FRAME_SAMPLES, audio.length - i)));
        }
        return all;
    }

    @Test
    void findsEveryMarkerOfOnePeerWithSubMillisecondOnset() {
        short[] audio = mix(new int[] {3}, new int[] {1000}, new double[] {1.0}, 0, 1);
        List<MarkerDetection> found = detect(audio);
        assertThat(found).hasSize(20);
        for (int k = 0; k < found.size(); k++) {
            MarkerDetection d = found.get(k);
            assertThat(d.slot()).isEqualTo(3);
            assertThat(d.symbol()).isEqualTo(k % MarkerPlan.SEQ_SYMBOLS);
            double expected = 1000 + (long) k * MarkerPlan.PERIOD_SAMPLES;
            assertThat(d.onsetSample()).isCloseTo(expected, org.assertj.core.data.Offset.offset(48.0));
        }
    }

    /** A frozen link delivers long runs of exact zeros, which the detector skips; markers after them are timed alike. */
    @Test
    void markersAfterLongSilenceAreFoundWithTheSameOnset() {
        short[] marked = mix(new int[] {3}, new int[] {1000}, new double[] {1.0}, 0, 1);
        int silence = 3 * MarkerPlan.SAMPLE_RATE;
        short[] withSilence = new short[silence + marked.length];
        System.arraycopy(marked, 0, withSilence, silence, marked.length);
        List<MarkerDetection> plain = detect(marked);
        List<MarkerDetection> after = detect(withSilence);
        assertThat(after).hasSameSizeAs(plain).isNotEmpty();
        for (int i = 0; i < plain.size(); i++) {
            assertThat(after.get(i).onsetSample() - silence)
                    .isCloseTo(plain.get(i).onsetSample(), org.assertj.core.data.Offset.offset(1.0));
            assertThat(after.get(i).symbol()).isEqualTo(plain.get(i).symbol());
        }
    }

    @Test
    void separatesThreePeersMixedAtSimilarLevelsWithNoise() {
        int[] slots = {0, 1, 5};
        int[] delays = {0, 700, 4321}; // overlapping markers: 700 samples is well inside 1920
        double[] gains = {1.0, 0.7, 1.3};
        short[] audio = mix(slots, delays, gains, 1500, 7);
        List<MarkerDetection> found = detect(audio);
        for (int p = 0; p < slots.length; p++) {
            int slot = slots[p];
            List<MarkerDetection> mine =
                    found.stream().filter(d -> d.slot() == slot).toList();
            int expectedCount = (int)
                    Math.ceil((SECONDS * 48_000.0 - delays[p] - MarkerPlan.MARKER_SAMPLES) / MarkerPlan.PERIOD_SAMPLES);
            assertThat(mine).as("slot %d", slot).hasSizeGreaterThanOrEqualTo(expectedCount - 1);
            for (MarkerDetection d : mine) {
                double rel = d.onsetSample() - delays[p];
                long seq = Math.round(rel / MarkerPlan.PERIOD_SAMPLES);
                assertThat(d.symbol()).isEqualTo((int) (seq % MarkerPlan.SEQ_SYMBOLS));
                // Within 2 ms although markers of different peers overlap in time.
                assertThat(rel - seq * MarkerPlan.PERIOD_SAMPLES)
                        .as("onset error, samples")
                        .isBetween(-96.0, 96.0);
            }
        }
        assertThat(found).allMatch(d -> d.slot() == 0 || d.slot() == 1 || d.slot() == 5);
    }

    /** A jitter buffer that runs behind drops whole 10 ms blocks (phase-continuous for every marker tone). */
    @Test
    void survivesTimeCompressionByAJitterBuffer() {
        short[] clean = mix(new int[] {2}, new int[] {0}, new double[] {1.0}, 300, 5);
        short[] compressed = new short[clean.length];
        int out = 0;
        for (int i = 0; i < clean.length; i++) {
            if ((i / 480) % 4 == 3) {
                continue; // 25 % of the audio removed
            }
            compressed[out++] = clean[i];
        }
        List<MarkerDetection> found = detect(java.util.Arrays.copyOf(compressed, out));
        int sent = clean.length / MarkerPlan.PERIOD_SAMPLES;
        assertThat(found).hasSizeGreaterThanOrEqualTo(sent - 1);
        for (int k = 1; k < found.size(); k++) {
            assertThat(found.get(k).symbol()).isEqualTo((found.get(k - 1).symbol() + 1) % MarkerPlan.SEQ_SYMBOLS);
        }
    }

    /** A code word that lost one of its two tones (or gained a third) is rejected, never misread. */
    @Test
    void rejectsDamagedCodeWords() {
        int slot = 4;
        for (int[] tones : new int[][] {{2}, {0, 1, 3}}) {
            short[] audio = new short[48_000];
            for (int m = 0; m < 4; m++) {
                int start = 2_000 + m * MarkerPlan.PERIOD_SAMPLES;
                for (int i = 0; i < MarkerPlan.MARKER_SAMPLES; i++) {
                    int n = start + i;
                    double v = 7000 * Math.sin(2 * Math.PI * MarkerPlan.binHz(MarkerPlan.idBin(slot)) * n / 48_000.0);
                    if (i >= MarkerPlan.SEQ_START) {
                        for (int t : tones) {
                            v += 7000
                                    * Math.sin(
                                            2 * Math.PI * MarkerPlan.binHz(MarkerPlan.seqBin(slot, t)) * n / 48_000.0);
                        }
                    }
                    audio[n] = (short) v;
                }
            }
            assertThat(detect(audio))
                    .as("tones %s", java.util.Arrays.toString(tones))
                    .isEmpty();
        }
        for (int symbol = 0; symbol < MarkerPlan.SEQ_SYMBOLS; symbol++) {
            assertThat(MarkerPlan.tonesOf(symbol)).hasSize(2).doesNotHaveDuplicates();
            assertThat(MarkerPlan.symbolOf(MarkerPlan.tonesOf(symbol))).isEqualTo(symbol);
        }
    }

    @Test
    void staysQuietOnNoiseAndOnCarrierOnly() {
        Random rnd = new Random(3);
        short[] noise = new short[48_000 * 2];
        for (int i = 0; i < noise.length; i++) {
            noise[i] = (short) (rnd.nextGaussian() * 3000);
        }
        assertThat(detect(noise)).isEmpty();
        short[] silence = new short[48_000];
        assertThat(detect(silence)).isEmpty();
    }

    @Test
    void scheduleResolvesFullSequenceFromSymbol() {
        MarkerSchedule schedule = new MarkerSchedule(1_000_000L);
        assertThat(schedule.sendMillis(13)).isEqualTo(1_002_600.0);
        // Marker 13 (symbol 3) detected 35 ms after it was sent.
        assertThat(schedule.resolve(3, 1_002_635.0)).isEqualTo(13);
        // Detected 1.7 s late (an overloaded jitter buffer): still marker 13, not 23.
        assertThat(schedule.resolve(3, 1_004_300.0)).isEqualTo(13);
        // Clock-offset error making it look 20 ms early still maps to 13.
        assertThat(schedule.resolve(3, 1_002_580.0)).isEqualTo(13);
    }

    @Test
    void slotsAreStablePerPeerId() {
        assertThat(MarkerPlan.slotFor("node-1"))
                .isEqualTo(MarkerPlan.slotFor("node-1"))
                .isBetween(0, 7);
    }
}
