package dev.starling.node.media.synthetic;

import dev.starling.node.media.source.AudioFrames;

/** The marker signal as sendable frames; frame f holds samples {@code [480 f, 480 f + 480)} since the epoch. */
public final class SyntheticAudio implements AudioFrames {
    private final MarkerSignal signal;

    public SyntheticAudio(MarkerSignal signal) {
        this.signal = signal;
    }

    @Override
    public void render(long frameIndex, short[] out) {
        signal.render(frameIndex * FRAME_SAMPLES, out);
    }
}
