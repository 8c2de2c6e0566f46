package dev.starling.node.media.source;

/**
 * A sendable audio signal, addressed by 10 ms frame index (48 kHz mono, 480 samples a frame).
 *
 * <p>Frames are addressed rather than streamed so that a pusher which skips frames to stay on the
 * wall clock keeps the signal on schedule, and so that every link of a node can render the same
 * instant independently. Implementations must be safe to call from several links' threads.
 */
public interface AudioFrames {
    int SAMPLE_RATE = 48_000;
    int FRAME_SAMPLES = 480;

    /** Fills {@code out} ({@link #FRAME_SAMPLES} long) with frame {@code frameIndex}. */
    void render(long frameIndex, short[] out);

    /**
     * Whether there is anything to send now. While not, pushers send nothing at all (no packets,
     * no encoding): a browser page that is not attached has no voice, not a silent one.
     */
    default boolean live() {
        return true;
    }

    /**
     * The newest frame that may be pushed when the node's frame clock is at {@code dueFrame}. A
     * signal made on the node's clock is ready exactly when due. A captured one is ready as soon
     * as the device delivers it, which may be a little before or after its time on our clock: see
     * {@link CapturedAudio}.
     */
    default long readyThrough(long dueFrame) {
        return dueFrame;
    }

    /** How many frames after its time a frame may still become ready; pushers look again then. */
    default int lateFrames() {
        return 0;
    }

    /**
     * Runs {@code ready} whenever frames become ready before their time on the node's clock, so
     * that a pusher sends them at once instead of waiting for its next tick.
     *
     * @return undoes the subscription
     */
    default Runnable whenReady(Runnable ready) {
        return () -> {};
    }
}
