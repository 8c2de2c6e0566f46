package dev.starling.node.media.source;

import dev.starling.node.media.picture.I420Frame;

/**
 * A sendable video signal of fixed geometry, addressed by frame index. Implementations must be
 * safe to call from several links' threads, each with its own {@link I420Frame}.
 */
public interface VideoFrames {
    /** A screen that is never shared: the screen track of a source without one. */
    VideoFrames NEVER_LIVE_SCREEN =
            new NeverLive(PageSources.SCREEN_WIDTH, PageSources.SCREEN_HEIGHT, PageSources.SCREEN_FPS);

    int width();

    int height();

    /** Time between frames; the pusher's pace. */
    long frameIntervalMicros();

    /** Fills {@code out} (of this source's size) with frame {@code frameIndex}. */
    void render(long frameIndex, I420Frame out);

    /**
     * Whether pictures arrive on a clock of their own (a call page's camera) rather than being made
     * on demand: a pusher then sends each picture as it comes instead of on its own beat, which would
     * hold each one for half a frame interval on average.
     */
    default boolean arrivesOnItsOwnClock() {
        return false;
    }

    /** For a source that arrives on its own clock: which picture {@link #render} gives now; -1 to be paced by the pusher. */
    default long pictureNumber() {
        return -1;
    }

    /** Whether there is a picture to send now; while not, pushers send nothing (a camera turned off). */
    default boolean live() {
        return true;
    }

    /** A source of the given geometry that never has a picture: its pusher sends nothing. */
    record NeverLive(int width, int height, int fps) implements VideoFrames {
        @Override
        public long frameIntervalMicros() {
            return 1_000_000L / fps;
        }

        @Override
        public void render(long frameIndex, I420Frame out) {}

        @Override
        public boolean live() {
            return false;
        }
    }
}
