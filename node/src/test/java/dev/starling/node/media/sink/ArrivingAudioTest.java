package dev.starling.node.media.sink;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.starling.node.media.opus.Opus;
import dev.starling.node.media.opus.OpusEncoder;
import dev.starling.node.media.picture.I420Frame;
import dev.starling.node.media.source.AudioFrames;
import dev.starling.node.media.source.VideoSourceKind;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

class ArrivingAudioTest {

    /** A call page that notes what it is given. */
    private static final class Page implements ReceivedMedia {
        volatile boolean listening = true;
        final List<Long> frames = new ArrayList<>();
        final List<short[]> pcm = new ArrayList<>();

        @Override
        public boolean listening() {
            return listening;
        }

        @Override
        public void audio(String fromPeer, short[] samples) {
            throw new AssertionError("packet audio goes to the page numbered");
        }

        @Override
        public void audioFrame(String fromPeer, long frameIndex, short[] samples) {
            assertThat(fromPeer).isEqualTo("peer");
            frames.add(frameIndex);
            pcm.add(samples);
        }

        @Override
        public void video(String fromPeer, VideoSourceKind source, I420Frame picture) {}
    }

    @Test
    void packetsReachThePageDecodedAsTheyArriveInOrderOnlyWhileItListens() {
        assumeTrue(Opus.version().isPresent(), "libopus not installed");
        Page page = new Page();
        short[] tone = new short[AudioFrames.FRAME_SAMPLES];
        for (int i = 0; i < tone.length; i++) {
            tone[i] = (short) (8000 * Math.sin(2 * Math.PI * 440 * i / 48_000.0));
        }
        try (OpusEncoder encoder = new OpusEncoder(32_000);
                ArrivingAudio arriving = new ArrivingAudio("peer", () -> page)) {
            byte[] packet = encoder.encode(tone);
            arriving.arrived(10, packet);
            arriving.arrived(12, packet);
            arriving.arrived(11, packet); // late: the page has played past it
            arriving.arrived(12, packet); // repeated
            page.listening = false;
            arriving.arrived(13, packet);
            page.listening = true;
            arriving.arrived(14, packet);

            assertThat(page.frames).containsExactly(10L, 12L, 14L);
            assertThat(page.pcm.get(1)).hasSize(AudioFrames.FRAME_SAMPLES);
            assertThat(Arrays.stream(toInts(page.pcm.get(1)))
                            .map(Math::abs)
                            .max()
                            .orElse(0))
                    .isGreaterThan(1000);
            assertThat(page.pcm.get(0)).isNotSameAs(page.pcm.get(1)); // each the page's to keep
        }
    }

    private static int[] toInts(short[] s) {
        int[] out = new int[s.length];
        for (int i = 0; i < s.length; i++) {
            out[i] = s[i];
        }
        return out;
    }
}
