package dev.starling.node.media.synthetic;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Random;
import org.junit.jupiter.api.Test;

class VideoStampCodecTest {
    private static final int W = 320;
    private static final int H = 240;

    private byte[] frame(VideoStamp stamp, long index) {
        VideoStampCodec codec = new VideoStampCodec(W, H);
        byte[] y = new byte[W * H];
        new TestPattern(W, H, codec.stampHeight()).render(y, W, index);
        codec.write(y, W, stamp);
        return y;
    }

    @Test
    void roundTripsTagAndTimestamp() {
        VideoStamp stamp = new VideoStamp(0xBEEF, 1_763_771_000_123L);
        assertThat(new VideoStampCodec(W, H).read(frame(stamp, 7), W)).contains(stamp);
    }

    @Test
    void survivesNoiseBlurAndLevelShift() {
        Random rnd = new Random(42);
        VideoStamp stamp = new VideoStamp(VideoStamp.tagFor("peer-a"), 123_456_789_012L);
        byte[] y = frame(stamp, 3);
        // 3x3 box blur, then a contrast squeeze and gaussian noise (sigma 12), roughly what a starved encoder does.
        byte[] blurred = new byte[y.length];
        for (int r = 0; r < H; r++) {
            for (int c = 0; c < W; c++) {
                int sum = 0;
                int n = 0;
                for (int dr = -1; dr <= 1; dr++) {
                    for (int dc = -1; dc <= 1; dc++) {
                        int rr = r + dr;
                        int cc = c + dc;
                        if (rr >= 0 && rr < H && cc >= 0 && cc < W) {
                            sum += y[rr * W + cc] & 0xFF;
                            n++;
                        }
                    }
                }
                double v = 60 + (sum / (double) n) * 0.5 + rnd.nextGaussian() * 12;
                blurred[r * W + c] = (byte) Math.max(0, Math.min(255, (int) v));
            }
        }
        assertThat(new VideoStampCodec(W, H).read(blurred, W)).contains(stamp);
    }

    @Test
    void rejectsCorruptedStamp() {
        VideoStamp stamp = new VideoStamp(7, 1000L);
        byte[] y = frame(stamp, 0);
        // Invert one timestamp block: magic still matches, checksum must not.
        int block = 40;
        int bx = (block % (W / 16)) * 16;
        int by = (block / (W / 16)) * 16;
        for (int r = by; r < by + 16; r++) {
            for (int c = bx; c < bx + 16; c++) {
                y[r * W + c] = (byte) (255 - (y[r * W + c] & 0xFF));
            }
        }
        assertThat(new VideoStampCodec(W, H).read(y, W)).isEmpty();
    }

    @Test
    void rejectsFramesWithoutStamp() {
        byte[] grey = new byte[W * H];
        java.util.Arrays.fill(grey, (byte) 128);
        assertThat(new VideoStampCodec(W, H).read(grey, W)).isEmpty();
        byte[] random = new byte[W * H];
        new Random(1).nextBytes(random);
        assertThat(new VideoStampCodec(W, H).read(random, W)).isEmpty();
    }

    @Test
    void honoursStride() {
        int stride = W + 32;
        VideoStampCodec codec = new VideoStampCodec(W, H);
        byte[] y = new byte[stride * H];
        VideoStamp stamp = new VideoStamp(1, 99L);
        codec.write(y, stride, stamp);
        assertThat(codec.read(java.nio.ByteBuffer.wrap(y), stride, W, H)).contains(stamp);
        assertThat(codec.read(java.nio.ByteBuffer.wrap(y), stride, W, H + 2)).isEmpty();
    }

    @Test
    void refusesFramesTooSmallForAStamp() {
        assertThatThrownBy(() -> new VideoStampCodec(64, 64)).isInstanceOf(IllegalArgumentException.class);
    }
}
