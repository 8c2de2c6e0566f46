package dev.starling.node.media.source;

import dev.onvoid.webrtc.media.video.I420Buffer;
import dev.onvoid.webrtc.media.video.VideoFrame;
import dev.onvoid.webrtc.media.video.VideoFrameBuffer;
import dev.onvoid.webrtc.media.video.VideoTrackSink;
import dev.starling.node.media.picture.I420Frame;
import java.util.Arrays;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps the latest captured frame, scaled to a fixed size, and serves it as {@link VideoFrames}:
 * the capture side and each link's pusher run at their own pace. Black until the first frame.
 */
public final class LatestPicture implements VideoFrames, VideoTrackSink {
    private static final Logger log = LoggerFactory.getLogger(LatestPicture.class);

    private final I420Frame latest;
    private final long frameIntervalMicros;
    private long framesCaptured;

    public LatestPicture(int width, int height, int fps) {
        this.latest = I420Frame.packed(width, height);
        this.frameIntervalMicros = 1_000_000L / fps;
        Arrays.fill(latest.u(), (byte) 128);
        Arrays.fill(latest.v(), (byte) 128);
    }

    @Override
    public void onVideoFrame(VideoFrame frame) {
        VideoFrameBuffer scaled = null;
        I420Buffer converted = null;
        try {
            VideoFrameBuffer buffer = frame.buffer;
            boolean sameSize = buffer.getWidth() == width() && buffer.getHeight() == height();
            scaled = sameSize
                    ? null
                    : buffer.cropAndScale(0, 0, buffer.getWidth(), buffer.getHeight(), width(), height());
            VideoFrameBuffer sized = scaled != null ? scaled : buffer;
            I420Buffer i420 = sized.toI420();
            // Measured on NativeI420Buffer: toI420() returns the buffer itself, without a new reference.
            converted = i420 == sized ? null : i420;
            copy(i420);
        } catch (RuntimeException e) {
            log.warn("captured frame dropped: {}", e.toString());
        } finally {
            if (converted != null) {
                converted.release();
            }
            if (scaled != null) {
                scaled.release();
            }
            frame.release(); // a frame kept by a sink leaks native memory
        }
    }

    private void copy(I420Buffer i420) {
        synchronized (latest) {
            I420Frame.copyIn(i420.getDataY(), i420.getStrideY(), latest.y(), latest.width(), latest.height());
            I420Frame.copyIn(
                    i420.getDataU(), i420.getStrideU(), latest.u(), latest.chromaWidth(), latest.chromaHeight());
            I420Frame.copyIn(
                    i420.getDataV(), i420.getStrideV(), latest.v(), latest.chromaWidth(), latest.chromaHeight());
            if (framesCaptured++ == 0) {
                log.info("first captured frame, sent as {}x{}", latest.width(), latest.height());
            }
        }
    }

    public long framesCaptured() {
        synchronized (latest) {
            return framesCaptured;
        }
    }

    @Override
    public int width() {
        return latest.width();
    }

    @Override
    public int height() {
        return latest.height();
    }

    @Override
    public long frameIntervalMicros() {
        return frameIntervalMicros;
    }

    @Override
    public void render(long frameIndex, I420Frame out) {
        synchronized (latest) {
            latest.copyTo(out);
        }
    }
}
