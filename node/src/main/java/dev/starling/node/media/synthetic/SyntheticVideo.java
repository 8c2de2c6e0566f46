package dev.starling.node.media.synthetic;

import dev.starling.node.media.picture.I420Frame;
import dev.starling.node.media.source.VideoFrames;
import dev.starling.node.timesync.WallClock;
import java.util.Arrays;

/** The moving test pattern with this node's tag and the send time stamped into its top rows. */
public final class SyntheticVideo implements VideoFrames {
    private final int width;
    private final int height;
    private final int fps;
    private final int tag;
    private final WallClock clock;
    private final VideoStampCodec codec;
    private final TestPattern pattern;

    public SyntheticVideo(int width, int height, int fps, int tag, WallClock clock) {
        this.width = width;
        this.height = height;
        this.fps = fps;
        this.tag = tag;
        this.clock = clock;
        this.codec = new VideoStampCodec(width, height);
        this.pattern = new TestPattern(width, height, codec.stampHeight());
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
    public void render(long frameIndex, I420Frame out) {
        pattern.render(out.y(), width, frameIndex);
        Arrays.fill(out.u(), (byte) 128);
        Arrays.fill(out.v(), (byte) 128);
        // Stamped last: the measured latency starts when the frame is handed on for encoding.
        codec.write(out.y(), width, new VideoStamp(tag, (long) clock.nowMillis()));
    }
}
