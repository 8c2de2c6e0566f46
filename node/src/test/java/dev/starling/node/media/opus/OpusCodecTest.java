package dev.starling.node.media.opus;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.util.Random;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Needs libopus0 (installed by {@code ./starling test}); skipped where it is missing. */
class OpusCodecTest {
    @BeforeAll
    static void libopusPresent() {
        assumeTrue(Opus.version().isPresent(), "libopus not installed");
    }

    private static short[] tone(long frame) {
        short[] pcm = new short[480];
        for (int i = 0; i < pcm.length; i++) {
            double t = (frame * 480 + i) / 48_000.0;
            pcm[i] = (short) (8000 * Math.sin(2 * Math.PI * 1000 * t));
        }
        return pcm;
    }

    private static double rms(short[] pcm) {
        double sum = 0;
        for (short s : pcm) {
            sum += (double) s * s;
        }
        return Math.sqrt(sum / pcm.length);
    }

    @Test
    void aToneSurvivesEncodingAndDecoding() {
        try (OpusEncoder encoder = new OpusEncoder(32_000);
                OpusDecoder decoder = new OpusDecoder()) {
            short[] out = new short[480];
            double inRms = rms(tone(0));
            double outRms = 0;
            for (long f = 0; f < 50; f++) {
                byte[] packet = encoder.encode(tone(f));
                assertThat(packet.length).isBetween(1, OpusEncoder.MAX_PACKET);
                assertThat(decoder.decode(packet, out)).isTrue();
                outRms = rms(out);
            }
            assertThat(outRms).isBetween(inRms * 0.8, inRms * 1.2);
        }
    }

    @Test
    void garbageIsConcealedNotDecoded() {
        try (OpusDecoder decoder = new OpusDecoder()) {
            short[] out = new short[480];
            Random rnd = new Random(3);
            int refused = 0;
            for (int i = 0; i < 200; i++) {
                byte[] garbage = new byte[1 + rnd.nextInt(1275)];
                rnd.nextBytes(garbage);
                if (!decoder.decode(garbage, out)) {
                    refused++;
                }
            }
            assertThat(refused).isPositive();
            assertThat(decoder.decode(null, out)).isTrue(); // concealment of a lost packet
        }
    }

    @Test
    void aClosedCodecRefusesWork() {
        OpusEncoder encoder = new OpusEncoder(32_000);
        encoder.close();
        encoder.close();
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> encoder.encode(new short[480]))
                .isInstanceOf(IllegalStateException.class);
    }
}
