package dev.starling.node.media.source;

import dev.starling.node.media.picture.I420Frame;
import java.util.function.Consumer;

/** A picture source with the lab's video stamp drawn over each frame as it is rendered for sending. */
final class StampedPicture implements VideoFrames {
    private final VideoFrames picture;
    private final Consumer<I420Frame> stamp;

    StampedPicture(VideoFrames picture, Consumer<I420Frame> stamp) {
        this.picture = picture;
        this.stamp = stamp;
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
        stamp.accept(out);
    }
}
