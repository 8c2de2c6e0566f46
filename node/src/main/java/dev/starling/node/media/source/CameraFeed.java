package dev.starling.node.media.source;

import dev.onvoid.webrtc.PeerConnectionFactory;
import dev.onvoid.webrtc.media.audio.HeadlessAudioDeviceModule;
import dev.onvoid.webrtc.media.video.I420Buffer;
import dev.onvoid.webrtc.media.video.VideoCaptureCapability;
import dev.onvoid.webrtc.media.video.VideoDevice;
import dev.onvoid.webrtc.media.video.VideoDeviceSource;
import dev.onvoid.webrtc.media.video.VideoFrame;
import dev.onvoid.webrtc.media.video.VideoFrameBuffer;
import dev.onvoid.webrtc.media.video.VideoTrack;
import dev.onvoid.webrtc.media.video.VideoTrackSink;
import java.util.Arrays;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One camera, opened once per node and shared by every link as {@link VideoFrames}: a camera
 * usually admits a single opener, and each link has its own factory (see LocalMedia), so
 * links cannot share a capture track. Captured frames are scaled to the requested size and
 * kept as the latest picture, which each link's pusher sends at its own pace.
 */
public final class CameraFeed implements VideoFrames, VideoTrackSink, AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(CameraFeed.class);

    private final int width;
    private final int height;
    private final int fps;
    private final HeadlessAudioDeviceModule adm = new HeadlessAudioDeviceModule();
    private final PeerConnectionFactory factory;
    private final VideoDeviceSource source = new VideoDeviceSource();
    private final VideoTrack track;
    private final I420Image latest;
    private boolean captured;

    public CameraFeed(VideoDevice camera, int width, int height, int fps) {
        this.width = width;
        this.height = height;
        this.fps = fps;
        this.latest = new I420Image(width, height);
        Arrays.fill(latest.u(), (byte) 128);   // black until the first frame arrives
        Arrays.fill(latest.v(), (byte) 128);
        this.factory = new PeerConnectionFactory(adm);
        source.setVideoCaptureDevice(camera);
        source.setVideoCaptureCapability(new VideoCaptureCapability(width, height, fps));
        this.track = factory.createVideoTrack("camera", source);
        track.addSink(this);
        source.start();
    }

    @Override
    public void onVideoFrame(VideoFrame frame) {
        VideoFrameBuffer scaled = null;
        I420Buffer i420 = null;
        try {
            VideoFrameBuffer buffer = frame.buffer;
            scaled = buffer.getWidth() == width && buffer.getHeight() == height ? null
                    : buffer.cropAndScale(0, 0, buffer.getWidth(), buffer.getHeight(), width, height);
            i420 = (scaled != null ? scaled : buffer).toI420();
            synchronized (latest) {
                I420Image.copyIn(i420.getDataY(), i420.getStrideY(), latest.y(), width, height);
                I420Image.copyIn(i420.getDataU(), i420.getStrideU(), latest.u(), latest.chromaWidth(), latest.chromaHeight());
                I420Image.copyIn(i420.getDataV(), i420.getStrideV(), latest.v(), latest.chromaWidth(), latest.chromaHeight());
                if (!captured) {
                    captured = true;
                    log.info("camera delivers {}x{}, sent as {}x{}", buffer.getWidth(), buffer.getHeight(), width, height);
                }
            }
        } catch (RuntimeException e) {
            log.warn("camera frame dropped: {}", e.toString());
        } finally {
            if (i420 != null) {
                i420.release();
            }
            if (scaled != null) {
                scaled.release();
            }
            frame.release();   // a frame kept by a sink leaks native memory
        }
    }

    @Override
    public int width() {
        return width;
    }

    @Override
    public int height() {
        return height;
    }

    @Override
    public long frameIntervalMicros() {
        return 1_000_000L / fps;
    }

    @Override
    public void render(long frameIndex, I420Image out) {
        synchronized (latest) {
            System.arraycopy(latest.y(), 0, out.y(), 0, out.y().length);
            System.arraycopy(latest.u(), 0, out.u(), 0, out.u().length);
            System.arraycopy(latest.v(), 0, out.v(), 0, out.v().length);
        }
    }

    @Override
    public void close() {
        for (Runnable step : new Runnable[] {source::stop, () -> track.removeSink(this), track::dispose, source::dispose,
                factory::dispose, adm::dispose}) {
            try {
                step.run();
            } catch (RuntimeException | Error e) {
                log.debug("camera teardown: {}", e.toString());
            }
        }
    }
}
