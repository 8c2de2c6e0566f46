package dev.starling.node.media.source;

/** Where an {@link AudioPusher} puts each 10 ms frame: an RTP source, or a link's audio channel. */
@FunctionalInterface
public interface AudioOutlet {
    /** Takes frame {@code frameIndex} of the marker schedule; {@code samples} is reused after the call. */
    void push(long frameIndex, short[] samples);
}
