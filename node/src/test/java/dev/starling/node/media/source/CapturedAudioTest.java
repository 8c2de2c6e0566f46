package dev.starling.node.media.source;

import static org.assertj.core.api.Assertions.assertThat;

import dev.starling.node.media.synthetic.Pcm;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
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

        // Frame 2 is due: 2 to 6 fit within the bound ahead of the clock, the oldest frame does not.
        audio.offer(ramp(0, (CapturedAudio.AHEAD_FRAMES + 2) * N));
        assertThat(render(audio, 2)).containsExactly(ramp(N, N));
        assertThat(audio.dropped()).isEqualTo(1);
    }

    @Test
    void aFrameIsReadyTheMomentItIsCapturedNumberedOnTheNodesClock() {
        CapturedAudio audio = new CapturedAudio();
        AtomicInteger wakes = new AtomicInteger();
        Runnable unsubscribe = audio.whenReady(wakes::incrementAndGet);

        // Nothing captured: only frames past their grace are ready, as silence.
        assertThat(audio.readyThrough(10)).isEqualTo(10 - CapturedAudio.LATE_FRAMES);
        audio.offer(ramp(0, N / 2));
        assertThat(wakes).hasValue(0);
        audio.offer(ramp(N / 2, N / 2));
        assertThat(wakes).hasValue(1);
        // The first frame is the one due now; the next, captured before our clock moves on, is ready early.
        assertThat(audio.readyThrough(10)).isEqualTo(10);
        audio.offer(ramp(N, N));
        assertThat(audio.readyThrough(10)).isEqualTo(11);
        assertThat(render(audio, 10)).containsExactly(ramp(0, N));
        assertThat(render(audio, 11)).containsExactly(ramp(N, N));

        unsubscribe.run();
        audio.offer(ramp(0, N));
        assertThat(wakes).hasValue(2);
    }

    @Test
    void aLateFrameKeepsItsPlaceWithinTheGraceAndTheDeviceRestartsOnTimeAfterAStall() {
        CapturedAudio audio = new CapturedAudio();
        audio.offer(ramp(0, N));
        assertThat(audio.readyThrough(20)).isEqualTo(20);
        render(audio, 20);

        // Two frames late: still numbered 21, right after the last.
        audio.offer(ramp(N, N));
        assertThat(audio.readyThrough(23)).isEqualTo(21);
        assertThat(render(audio, 21)).containsExactly(ramp(N, N));

        // A stall: frames 22 to 36 went out as silence; the device's next frame is the one due now.
        assertThat(audio.readyThrough(40)).isEqualTo(40 - CapturedAudio.LATE_FRAMES);
        for (long f = 22; f <= 40 - CapturedAudio.LATE_FRAMES; f++) {
            assertThat(render(audio, f)).containsOnly((short) 0);
        }
        audio.offer(ramp(2 * N, N));
        assertThat(audio.readyThrough(40)).isEqualTo(40);
        assertThat(render(audio, 40)).containsExactly(ramp(2 * N, N));
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
    void aDeviceThatStaysAheadOfOurClockIsPulledBackByAFrame() {
        CapturedAudio audio = new CapturedAudio();
        audio.offer(ramp(0, N)); // one frame more than is due: from now on the device is a frame ahead
        List<Long> ahead = new ArrayList<>();
        long rendered = -1;
        for (long due = 0; due < 2L * CapturedAudio.TRIM_WINDOW_FRAMES; due++) {
            audio.offer(ramp(0, N));
            long ready = audio.readyThrough(due);
            ahead.add(ready - due);
            while (rendered < ready) {
                render(audio, ++rendered);
            }
        }
        // A window of it, then one frame goes and the device's frames are on time.
        int window = CapturedAudio.TRIM_WINDOW_FRAMES;
        assertThat(ahead.subList(0, window - 2)).containsOnly(1L);
        assertThat(ahead.subList(window + 1, ahead.size())).containsOnly(0L);
        assertThat(audio.counters()).contains("trimmed 1").contains("silent 0");
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
