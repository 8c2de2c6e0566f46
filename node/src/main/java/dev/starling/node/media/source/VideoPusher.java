package dev.starling.node.media.source;

import dev.onvoid.webrtc.media.video.CustomVideoSource;
import dev.onvoid.webrtc.media.video.NativeI420Buffer;
import dev.onvoid.webrtc.media.video.VideoFrame;
import dev.starling.node.media.picture.I420Frame;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Pushes {@link VideoFrames} into a {@link CustomVideoSource} at the source's frame rate, or, for a
 * source whose pictures arrive on their own clock, each picture as it arrives. Each
 * frame needs its own native buffer (libwebrtc keeps a reference while encoding), released after
 * the push.
 */
public final class VideoPusher implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(VideoPusher.class);
    /** How often a source on its own clock is looked at: a new picture waits 2.5 ms on average. */
    private static final long ARRIVAL_POLL_MICROS = 5_000;
    /**
     * A source on its own clock is sent at most this share of its frame interval apart (40 fps at
     * 30): a composite of several inputs changes more often than any one of them, and each push
     * costs an encode.
     */
    private static final double MIN_GAP_OF_INTERVAL = 0.75;

    private final CustomVideoSource source;
    private final VideoFrames frames;
    private final I420Frame image;
    private ScheduledFuture<?> task;
    private long frameIndex;
    private long lastPicture = -1;
    private long lastPushNanos;
    private long nextPacedNanos;

    public VideoPusher(CustomVideoSource source, VideoFrames frames) {
        this.source = source;
        this.frames = frames;
        this.image = I420Frame.packed(frames.width(), frames.height());
    }

    public synchronized void start(ScheduledExecutorService scheduler) {
        if (task == null) {
            long period = frames.arrivesOnItsOwnClock() ? ARRIVAL_POLL_MICROS : frames.frameIntervalMicros();
            task = scheduler.scheduleAtFixedRate(this::tick, 0, period, TimeUnit.MICROSECONDS);
        }
    }

    private void tick() {
        NativeI420Buffer buffer = null;
        try {
            if (!frames.live() || !due()) {
                return;
            }
            // Render first: a synthetic source stamps the send time while rendering, and the
            // latency measured should start as close to the encoder queue as possible.
            frames.render(frameIndex++, image);
            buffer = NativeI420Buffer.allocate(image.width(), image.height());
            I420Frame.copyOut(image.y(), image.width(), buffer.getDataY(), buffer.getStrideY(), image.height());
            I420Frame.copyOut(
                    image.u(), image.chromaWidth(), buffer.getDataU(), buffer.getStrideU(), image.chromaHeight());
            I420Frame.copyOut(
                    image.v(), image.chromaWidth(), buffer.getDataV(), buffer.getStrideV(), image.chromaHeight());
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

    /**
     * Whether a picture is due: a new one from a source on its own clock (no sooner than {@link
     * #MIN_GAP_OF_INTERVAL} of a frame after the last), else once per frame interval: on every tick
     * of a source made on demand, and on a grid of frame intervals for one that is looked at often
     * but has no numbering now (-1), so its rate is kept whatever the polling period.
     */
    private boolean due() {
        if (!frames.arrivesOnItsOwnClock()) {
            return true;
        }
        long number = frames.pictureNumber();
        long now = System.nanoTime();
        long interval = frames.frameIntervalMicros() * 1_000L;
        boolean due;
        if (number >= 0) {
            due = number != lastPicture && now - lastPushNanos >= interval * MIN_GAP_OF_INTERVAL;
        } else {
            due = lastPushNanos == 0 || now - nextPacedNanos >= 0;
            if (due) {
                // The next one a frame on; after a stall of over a frame the grid restarts: no bursts.
                boolean stalled = lastPushNanos == 0 || now - nextPacedNanos > interval;
                nextPacedNanos = (stalled ? now : nextPacedNanos) + interval;
            }
        }
        if (due) {
            lastPicture = number;
            lastPushNanos = now;
        }
        return due;
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
