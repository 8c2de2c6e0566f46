package dev.starling.node.media.source;

import static org.assertj.core.api.Assertions.assertThat;

import dev.onvoid.webrtc.media.video.NativeI420Buffer;
import dev.onvoid.webrtc.media.video.VideoFrame;
import dev.starling.node.media.picture.I420Frame;
import java.nio.ByteBuffer;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The camera's frame path with native frames standing in for captured ones (no camera needed). */
class LatestPictureTest {
    @BeforeAll
    static void loadNativeLibrary() throws ClassNotFoundException {
        // NativeI420Buffer does not load the library itself; the factory's class initialiser does.
        Class.forName("dev.onvoid.webrtc.PeerConnectionFactory");
    }

    @Test
    void blackUntilTheFirstFrame() {
        LatestPicture picture = new LatestPicture(32, 24, 30);
        I420Frame out = I420Frame.packed(32, 24);
        picture.render(0, out);
        assertThat(out.y()).containsOnly((byte) 0);
        assertThat(out.u()).containsOnly((byte) 128);
        assertThat(picture.frameIntervalMicros()).isEqualTo(33_333);
    }

    @Test
    void keepsTheLatestFrameAtItsOwnSizeOrScaled() {
        LatestPicture picture = new LatestPicture(32, 24, 30);
        I420Frame out = I420Frame.packed(32, 24);
        // Many frames: a wrong release would crash or fail here rather than on a user's camera.
        for (int i = 0; i < 50; i++) {
            picture.onVideoFrame(frame(32, 24, 40 + i % 2));
            picture.onVideoFrame(frame(64, 48, 90));
        }
        assertThat(picture.framesCaptured()).isEqualTo(100);
        picture.render(7, out);
        assertThat(out.y()).containsOnly((byte) 90); // a uniform picture stays uniform when scaled
        picture.onVideoFrame(frame(32, 24, 41));
        picture.render(8, out);
        assertThat(out.y()).containsOnly((byte) 41);
        assertThat(out.v()).containsOnly((byte) 77);
    }

    private static VideoFrame frame(int w, int h, int luma) {
        NativeI420Buffer buffer = NativeI420Buffer.allocate(w, h);
        fill(buffer.getDataY(), buffer.getStrideY() * h, luma);
        fill(buffer.getDataU(), buffer.getStrideU() * ((h + 1) / 2), 77);
        fill(buffer.getDataV(), buffer.getStrideV() * ((h + 1) / 2), 77);
        return new VideoFrame(buffer, 0);
    }

    private static void fill(ByteBuffer plane, int bytes, int value) {
        for (int i = 0; i < bytes; i++) {
            plane.put(i, (byte) value);
        }
    }
}
