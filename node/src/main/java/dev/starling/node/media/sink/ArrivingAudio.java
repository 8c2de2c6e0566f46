package dev.starling.node.media.sink;

import dev.starling.node.media.opus.OpusDecoder;
import dev.starling.node.media.source.AudioFrames;
import java.util.function.Supplier;

/**
 * A link's audio packets decoded the moment they arrive, for the call page. The page plays them by
 * frame index on its own audio clock, with a jitter buffer of its own; if it got the node's playout
 * instead, the audio would wait in two jitter buffers in a row, this node's and the page's, each
 * sized for its own jitter. The node's own playout (markers, mixing, recording) is untouched: this
 * decoder is a second one, run only while a page listens.
 *
 * <p>Runs on libwebrtc's network thread, which delivers the packets: decoding 10 ms of mono Opus
 * takes tens of microseconds, and the page's socket is written without waiting.
 */
public final class ArrivingAudio implements AutoCloseable {
    private final String remotePeer;
    private final Supplier<ReceivedMedia> listener;
    private final short[] pcm = new short[AudioFrames.FRAME_SAMPLES];
    private OpusDecoder decoder;
    private long newest = -1;
    private boolean closed;

    public ArrivingAudio(String remotePeer, Supplier<ReceivedMedia> listener) {
        this.remotePeer = remotePeer;
        this.listener = listener;
    }

    /** The packet for frame {@code frameIndex} arrived. */
    public synchronized void arrived(long frameIndex, byte[] opus) {
        ReceivedMedia page = listener.get();
        if (closed || !page.listening()) {
            newest = -1;
            return;
        }
        if (frameIndex <= newest) {
            return; // late or repeated: the decoder's state runs forward only, and so does the page
        }
        if (decoder == null) {
            decoder = new OpusDecoder();
        }
        decoder.decode(opus, pcm);
        newest = frameIndex;
        page.audioFrame(remotePeer, frameIndex, pcm.clone());
    }

    @Override
    public synchronized void close() {
        closed = true;
        if (decoder != null) {
            decoder.close();
            decoder = null;
        }
    }
}
