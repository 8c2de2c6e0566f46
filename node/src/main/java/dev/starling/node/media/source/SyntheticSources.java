package dev.starling.node.media.source;

import dev.starling.node.media.synthetic.MarkerSignal;
import dev.starling.node.media.synthetic.SyntheticAudio;
import dev.starling.node.media.synthetic.SyntheticVideo;
import dev.starling.node.media.synthetic.VideoStamp;
import dev.starling.node.media.synthetic.VideoStampCodec;
import dev.starling.node.media.synthetic.VideoStamper;
import dev.starling.node.timesync.WallClock;
import java.util.Optional;

/** Stamped test pattern and marker audio: the sources every latency measurement relies on. */
public final class SyntheticSources implements LocalSources {
    private final int width;
    private final int height;
    private final int fps;
    private final WallClock clock;

    public SyntheticSources(int width, int height, int fps, WallClock clock) {
        this.width = width;
        this.height = height;
        this.fps = fps;
        this.clock = clock;
        new SyntheticVideo(width, height, fps, 0, clock); // fails now, not per link, if the stamp cannot fit
    }

    @Override
    public AudioFrames audio(int markerSlot) {
        return new SyntheticAudio(new MarkerSignal(markerSlot));
    }

    @Override
    public VideoFrames video(int videoTag) {
        return new SyntheticVideo(width, height, fps, videoTag, clock);
    }

    /** Draws this node's video stamp (tag and send time) into the top rows of a picture of our size. */
    @Override
    public Optional<VideoStamper> stamper(int videoTag) {
        VideoStampCodec codec = new VideoStampCodec(width, height);
        return Optional.of(picture -> {
            long millis = (long) clock.nowMillis();
            codec.write(picture.y(), picture.strideY(), new VideoStamp(videoTag, millis));
            return millis;
        });
    }

    @Override
    public String describe() {
        return "synthetic " + width + "x" + height + "@" + fps;
    }
}
