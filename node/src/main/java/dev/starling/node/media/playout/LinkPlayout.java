package dev.starling.node.media.playout;

import dev.starling.node.media.opus.OpusDecoder;
import dev.starling.node.media.source.AudioFrames;

/**
 * One link's audio on the {@link PlayoutClock}: at each turn, the packet its {@link JitterBuffer}
 * says is due, decoded (or concealed), handed to the link's sink as a 10 ms chunk, where
 * libwebrtc's audio device would hand a remote track's audio.
 */
public final class LinkPlayout implements AutoCloseable {
    private final String remotePeer;
    private final JitterBuffer buffer;
    private final PlayoutSink sink;
    private final short[] pcm = new short[AudioFrames.FRAME_SAMPLES];
    private OpusDecoder decoder;

    public LinkPlayout(String remotePeer, JitterBuffer buffer, PlayoutSink sink) {
        this.remotePeer = remotePeer;
        this.buffer = buffer;
        this.sink = sink;
        this.decoder = new OpusDecoder();
    }

    String remotePeer() {
        return remotePeer;
    }

    synchronized void turn(double turnMillis) {
        if (decoder == null) {
            return;
        }
        JitterBuffer.Turn t = buffer.next(turnMillis);
        if (t.kind() == JitterBuffer.Turn.Kind.IDLE) {
            sink.idle(turnMillis);
            return;
        }
        decoder.decode(t.packet(), pcm); // a packet that is not Opus is concealed instead
        sink.play(pcm, turnMillis);
    }

    /** After {@link PlayoutClock#remove}: waits for a turn in progress, then frees the decoder. */
    @Override
    public synchronized void close() {
        if (decoder != null) {
            decoder.close();
            decoder = null;
        }
    }
}
