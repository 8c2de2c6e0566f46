package dev.starling.node.media.playout;

/** Where a {@link LinkPlayout} hands each 10 ms it plays. */
@FunctionalInterface
public interface PlayoutSink {
    /**
     * @param mono 480 samples at 48 kHz, valid during the call only
     * @param turnMillis the scheduled time of the playout clock's turn that plays them
     */
    void play(short[] mono, double turnMillis);
}
