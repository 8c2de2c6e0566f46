package dev.starling.node.media.source;

import static org.assertj.core.api.Assertions.assertThat;

import dev.starling.node.media.synthetic.Pcm;
import org.junit.jupiter.api.Test;

class CapturedAudioTest {
    private static final int N = AudioFrames.FRAME_SAMPLES;

    /** Samples numbered from {@code first}, so every frame says where it came from. */
    private static short[] ramp(int first, int length) {
        short[] s = new short[length];
        for (int i = 0; i < length; i++) {
            s[i] = (short) (first + i);
        }
        return s;
    }

    private static short[] render(CapturedAudio audio, long frame) {
        short[] out = new short[N];
        audio.render(frame, out);
        return out;
    }

    @Test
    void chunksOfAnyLengthBecomeWholeFramesInOrder() {
        CapturedAudio audio = new CapturedAudio();
        audio.offer(ramp(0, 100));
        audio.offer(ramp(100, 700));
        audio.offer(ramp(800, 160));

        assertThat(render(audio, 10)).containsExactly(ramp(0, N));
        assertThat(render(audio, 11)).containsExactly(ramp(N, N));
        assertThat(audio.silent()).isZero();
    }

    @Test
    void everyLinkRenderingTheSameFrameGetsTheSameSamples() {
        CapturedAudio audio = new CapturedAudio();
        audio.offer(ramp(0, 2 * N));

        short[] first = render(audio, 5);
        short[] second = render(audio, 5);
        short[] next = render(audio, 6);
        short[] lagging = render(audio, 5);

        assertThat(second).containsExactly(first);
        assertThat(lagging).containsExactly(first);
        assertThat(next).containsExactly(ramp(N, N));
    }

    @Test
    void aStalledDeviceIsSilenceAndAFastOneIsBoundedByDroppingTheOldest() {
        CapturedAudio audio = new CapturedAudio();
        assertThat(render(audio, 1)).containsOnly((short) 0);
        assertThat(audio.silent()).isEqualTo(1);

        audio.offer(ramp(0, (CapturedAudio.MAX_QUEUED_FRAMES + 2) * N));
        assertThat(audio.dropped()).isEqualTo(2);
        assertThat(render(audio, 2)).containsExactly(ramp(2 * N, N));
    }

    @Test
    void aBacklogThatNeverDrainsIsTrimmedButBurstsAreKept() {
        CapturedAudio audio = new CapturedAudio();
        // Three frames ahead, then one frame per render: a standing backlog of three.
        audio.offer(ramp(0, 3 * N));
        long frame = 0;
        for (; frame < CapturedAudio.TRIM_WINDOW_FRAMES; frame++) {
            audio.offer(ramp((int) (3 + frame) * N % 30_000, N));
            render(audio, frame);
        }
        assertThat(audio.counters()).contains("trimmed 3");

        // Bursts: four frames every fourth render, so the queue empties within every window.
        for (int i = 0; i < 2 * CapturedAudio.TRIM_WINDOW_FRAMES; i++, frame++) {
            if (i % 4 == 0) {
                audio.offer(ramp(0, 4 * N));
            }
            render(audio, frame);
        }
        assertThat(audio.counters()).contains("trimmed 3").contains("silent 0");
    }

    @Test
    void framesTooFarBehindTheNewestAreSilence() {
        CapturedAudio audio = new CapturedAudio();
        audio.offer(ramp(0, N));
        render(audio, 100);
        assertThat(render(audio, 50)).containsOnly((short) 0);
    }

    @Test
    void stereoAtAnotherRateIsAveragedAndResampledTo48kHz() {
        CapturedAudio audio = new CapturedAudio();
        short[] interleaved = new short[2 * 160]; // 10 ms of stereo at 16 kHz
        for (int i = 0; i < 160; i++) {
            interleaved[2 * i] = 1000;
            interleaved[2 * i + 1] = 3000;
        }
        audio.offer(Pcm.toLittleEndian(interleaved), 2, 16_000, 160);

        assertThat(render(audio, 0)).containsOnly((short) 2000);
    }
}
