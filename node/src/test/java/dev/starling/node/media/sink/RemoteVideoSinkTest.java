package dev.starling.node.media.sink;

import static org.assertj.core.api.Assertions.assertThat;

import dev.onvoid.webrtc.media.video.NativeI420Buffer;
import dev.onvoid.webrtc.media.video.VideoFrame;
import dev.starling.node.media.source.VideoSourceKind;
import dev.starling.node.media.synthetic.MarkerSchedule;
import dev.starling.node.media.synthetic.VideoStamp;
import dev.starling.node.media.synthetic.VideoStampCodec;
import dev.starling.node.mixing.CompositeContents;
import dev.starling.node.mixing.ShownPicture;
import dev.starling.node.mixing.VideoBus;
import dev.starling.node.timesync.ClockOffset;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Video through a mixer is timed for each picture's origin, from what the mixer announced. */
class RemoteVideoSinkTest {
    private static final int W = 320;
    private static final int H = 180;

    @BeforeAll
    static void loadNativeLibrary() throws ClassNotFoundException {
        Class.forName("dev.onvoid.webrtc.PeerConnectionFactory");
    }

    /** A sender whose clock reads like ours, and the composites it announced. */
    private static final class Sender implements RemoteTiming {
        final Map<Long, CompositeContents> announced = new HashMap<>();

        @Override
        public Optional<ClockOffset> clockOffset() {
            return Optional.of(new ClockOffset(0, 100, 200, 8));
        }

        @Override
        public Optional<MarkerSchedule> markerSchedule() {
            return Optional.empty();
        }

        @Override
        public boolean steady() {
            return true;
        }

        @Override
        public Optional<CompositeContents> composite(long stampMillis) {
            return Optional.ofNullable(announced.remove(stampMillis));
        }
    }

    private final Sender mixer = new Sender();
    private final ReceiveStats fromMixer = new ReceiveStats();
    private final ReceiveStats fromB = new ReceiveStats();
    private final RelayOrigins origins = new RelayOrigins() {
        @Override
        public Optional<Origin> bySlot(int slot) {
            return Optional.empty();
        }

        @Override
        public Optional<Origin> byPeer(String id) {
            return id.equals("b") ? Optional.of(new Origin("b", fromB, new Sender())) : Optional.empty();
        }

        @Override
        public boolean isSelf(int slot) {
            return false;
        }
    };
    private long nowMillis = 5_000;
    private final RemoteVideoSink sink = new RemoteVideoSink(
            "m",
            VideoSourceKind.CAMERA,
            fromMixer,
            mixer,
            origins,
            () -> nowMillis * 1000,
            null,
            new VideoBus("self"),
            () -> ReceivedMedia.NONE);

    @Test
    void eachPictureInACompositeIsTimedForItsOriginOnce() {
        mixer.announced.put(
                4950L, new CompositeContents(4950, List.of(new ShownPicture("m", 4950), new ShownPicture("b", 4900))));
        sink.onVideoFrame(stampedBy("m", 4950));

        assertThat(fromMixer.videoLatency.summary().count()).isEqualTo(1);
        assertThat(fromMixer.videoLatency.summary().p50()).isBetween(49.0, 51.0);
        assertThat(fromB.videoLatency.summary().count()).isEqualTo(1);
        assertThat(fromB.videoLatency.summary().p50()).isBetween(99.0, 101.0);
        assertThat(fromB.picturesRelayed.get()).isEqualTo(1);

        // b's camera is slower than the composite: its picture is shown again, and counts once
        nowMillis = 5_033;
        mixer.announced.put(
                4983L, new CompositeContents(4983, List.of(new ShownPicture("m", 4983), new ShownPicture("b", 4900))));
        sink.onVideoFrame(stampedBy("m", 4983));
        assertThat(fromMixer.videoLatency.summary().count()).isEqualTo(2);
        assertThat(fromB.videoLatency.summary().count()).isEqualTo(1);
        assertThat(fromB.picturesRelayed.get()).isEqualTo(1);
    }

    @Test
    void aPictureNotAnnouncedAsACompositeIsTheSendersOwn() {
        sink.onVideoFrame(stampedBy("m", 4990));
        assertThat(fromMixer.stampsDecoded.get()).isEqualTo(1);
        assertThat(fromMixer.videoLatency.summary().count()).isEqualTo(1);
        assertThat(fromB.videoLatency.summary().count()).isZero();
    }

    @Test
    void aCompositeNamingAPeerWeDoNotKnowTimesOnlyThePicturesWeCanPlace() {
        mixer.announced.put(
                4950L,
                new CompositeContents(4950, List.of(new ShownPicture("stranger", 4000), new ShownPicture("b", 4900))));
        sink.onVideoFrame(stampedBy("m", 4950));
        assertThat(fromB.videoLatency.summary().count()).isEqualTo(1);
        assertThat(fromMixer.videoLatency.summary().count())
                .as("the mixer's camera is not in it")
                .isZero();
    }

    private static VideoFrame stampedBy(String peer, long millis) {
        byte[] luma = new byte[W * H];
        new VideoStampCodec(W, H).write(luma, W, new VideoStamp(VideoStamp.tagFor(peer), millis));
        NativeI420Buffer buffer = NativeI420Buffer.allocate(W, H);
        for (int row = 0; row < H; row++) {
            for (int x = 0; x < W; x++) {
                buffer.getDataY().put(row * buffer.getStrideY() + x, luma[row * W + x]);
            }
        }
        return new VideoFrame(buffer, 0);
    }
}
