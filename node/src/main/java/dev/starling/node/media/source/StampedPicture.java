package dev.starling.node.media.source;

import dev.starling.node.media.picture.I420Frame;
import dev.starling.node.media.synthetic.VideoStamper;

/** A picture source with the lab's video stamp drawn over each frame as it is rendered for sending. */
final class StampedPicture implements VideoFrames {
    private final VideoFrames picture;
    private final VideoStamper stamper;

    StampedPicture(VideoFrames picture, VideoStamper stamper) {
        this.picture = picture;
        this.stamper = stamper;
    }

    @Override
    public int width() {
        return picture.width();
    }

    @Override
    public int height() {
        return picture.height();
    }

    @Override
    public long frameIntervalMicros() {
        return picture.frameIntervalMicros();
    }

    @Override
    public boolean live() {
        return picture.live();
    }

    @Override
    public boolean arrivesOnItsOwnClock() {
        return picture.arrivesOnItsOwnClock();
    }

    @Override
    public long pictureNumber() {
        return picture.pictureNumber();
    }

    @Override
    public void render(long frameIndex, I420Frame out) {
        picture.render(frameIndex, out);
        // Stamped last, as synthetic video is: the latency starts when the frame goes to the encoder.
        stamper.stamp(out);
    }
}
