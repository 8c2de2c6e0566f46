package dev.starling.node.media.playout;

/** Where a {@link LinkPlayout} hands each 10 ms it plays. */
@FunctionalInterface
public interface PlayoutSink {
    /**
     * @param mono 480 samples at 48 kHz, valid during the call only
     * @param turnMillis the scheduled time of the playout clock's turn that plays them
     */
    void play(short[] mono, double turnMillis);

    /**
     * The turn at {@code turnMillis} had nothing to play (no packet yet, or the sender is silent).
     * A sink that keeps a timeline, such as a recording, fills it with silence here.
     */
    default void idle(double turnMillis) {}
}
