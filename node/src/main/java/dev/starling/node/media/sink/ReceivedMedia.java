package dev.starling.node.media.sink;

import dev.starling.node.media.picture.I420Frame;
import dev.starling.node.media.source.VideoSourceKind;

/**
 * Someone outside the links who wants what they decode, as it is decoded: the call page, which
 * plays the room to a person. Called on libwebrtc's threads, so implementations hand the media on
 * and return at once.
 */
public interface ReceivedMedia {
    /** Nobody listening: the sinks skip the copies. */
    ReceivedMedia NONE = new ReceivedMedia() {
        @Override
        public boolean listening() {
            return false;
        }

        @Override
        public void audio(String fromPeer, short[] pcm) {}

        @Override
        public void audioFrame(String fromPeer, long frameIndex, short[] pcm) {}

        @Override
        public void video(String fromPeer, VideoSourceKind source, I420Frame picture) {}
    };

    /** Whether decoded media is wanted at all now; copying it is wasted otherwise. */
    boolean listening();

    /** 10 ms of mono PCM at 48 kHz from {@code fromPeer}'s link; the array is the listener's to keep. */
    void audio(String fromPeer, short[] pcm);

    /**
     * 10 ms of {@code fromPeer}'s audio decoded the moment its packet arrived, numbered on the
     * sender's frame clock, so that the listener can play it on its own clock with one jitter
     * buffer of its own rather than behind this node's (see {@code ArrivingAudio}).
     */
    void audioFrame(String fromPeer, long frameIndex, short[] pcm);

    /**
     * A picture from {@code fromPeer}'s link, of its camera or of the screen it shares; shared with
     * the mixing bus, so it must not be changed.
     */
    void video(String fromPeer, VideoSourceKind source, I420Frame picture);
}
