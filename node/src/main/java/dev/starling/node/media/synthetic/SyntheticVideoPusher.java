package dev.starling.node.media.synthetic;

import dev.onvoid.webrtc.media.video.CustomVideoSource;
import dev.onvoid.webrtc.media.video.NativeI420Buffer;
import dev.onvoid.webrtc.media.video.VideoFrame;
import dev.starling.node.timesync.WallClock;
import java.nio.ByteBuffer;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Pushes the stamped test pattern into a {@link CustomVideoSource}. Each frame needs its own
 * native buffer (libwebrtc keeps a reference while encoding), released after the push.
 */
public final class SyntheticVideoPusher implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(SyntheticVideoPusher.class);

    private final CustomVideoSource source;
    private final int width;
    private final int height;
    private final int fps;
    private final int tag;
    private final WallClock clock;
    private final VideoStampCodec codec;
    private final TestPattern pattern;
    private final byte[] luma;
    private final byte[] chroma;
    private ScheduledFuture<?> task;
    private long frameIndex;

    public SyntheticVideoPusher(CustomVideoSource source, int width, int height, int fps, int tag, WallClock clock) {
        this.source = source;
        this.width = width;
        this.height = height;
        this.fps = fps;
        this.tag = tag;
        this.clock = clock;
        this.codec = new VideoStampCodec(width, height);
        this.pattern = new TestPattern(width, height, codec.stampHeight());
        this.luma = new byte[width * height];
        this.chroma = new byte[((width + 1) / 2) * ((height + 1) / 2)];
        java.util.Arrays.fill(chroma, (byte) 128);
    }

    public synchronized void start(ScheduledExecutorService scheduler) {
        if (task == null) {
            task = scheduler.scheduleAtFixedRate(this::tick, 0, 1_000_000L / fps, TimeUnit.MICROSECONDS);
        }
    }

    private void tick() {
        NativeI420Buffer buffer = null;
        try {
            pattern.render(luma, width, frameIndex++);
            buffer = NativeI420Buffer.allocate(width, height);
            // Stamp as late as possible: the latency measured starts when the frame enters the encoder queue.
            codec.write(luma, width, new VideoStamp(tag, (long) clock.nowMillis()));
            copy(luma, width, buffer.getDataY(), buffer.getStrideY(), height);
            int cw = (width + 1) / 2;
            int ch = (height + 1) / 2;
            copy(chroma, cw, buffer.getDataU(), buffer.getStrideU(), ch);
            copy(chroma, cw, buffer.getDataV(), buffer.getStrideV(), ch);
            VideoFrame frame = new VideoFrame(buffer, System.nanoTime());
            buffer = null;
            try {
                source.pushFrame(frame);
            } finally {
                frame.release();
            }
        } catch (RuntimeException e) {
            log.warn("video push failed: {}", e.toString());
            if (buffer != null) {
                buffer.release();
            }
        }
    }

    private static void copy(byte[] src, int width, ByteBuffer dst, int stride, int rows) {
        for (int r = 0; r < rows; r++) {
            dst.put(r * stride, src, r * width, width);
        }
    }

    public long framesPushed() {
        return frameIndex;
    }

    @Override
    public synchronized void close() {
        if (task != null) {
            task.cancel(false);
            task = null;
        }
    }
}
