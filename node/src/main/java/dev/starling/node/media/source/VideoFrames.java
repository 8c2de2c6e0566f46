package dev.starling.node.media.source;

import dev.starling.node.media.picture.I420Frame;

/**
 * A sendable video signal of fixed geometry, addressed by frame index. Implementations must be
 * safe to call from several links' threads, each with its own {@link I420Frame}.
 */
public interface VideoFrames {
    int width();

    int height();

    /** Time between frames; the pusher's pace. */
    long frameIntervalMicros();

    /** Fills {@code out} (of this source's size) with frame {@code frameIndex}. */
    void render(long frameIndex, I420Frame out);

    /** Whether there is a picture to send now; while not, pushers send nothing (a camera turned off). */
    default boolean live() {
        return true;
    }
}
