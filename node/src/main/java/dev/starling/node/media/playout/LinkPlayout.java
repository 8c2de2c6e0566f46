package dev.starling.node.media.playout;

import dev.onvoid.webrtc.media.audio.AudioTrackSink;
import dev.starling.node.media.opus.OpusDecoder;
import dev.starling.node.media.source.AudioFrames;
import dev.starling.node.media.synthetic.Pcm;

/**
 * One link's audio on the {@link PlayoutClock}: at each turn, the packet its {@link JitterBuffer}
 * says is due, decoded (or concealed), handed to the link's sink as a 10 ms chunk, exactly as
 * libwebrtc's audio device hands a remote track's audio to the same sink.
 */
public final class LinkPlayout implements AutoCloseable {
    private final String remotePeer;
    private final JitterBuffer buffer;
    private final AudioTrackSink sink;
    private final short[] pcm = new short[AudioFrames.FRAME_SAMPLES];
    private OpusDecoder decoder;
    private long undecodable;

    public LinkPlayout(String remotePeer, JitterBuffer buffer, AudioTrackSink sink) {
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
            return;
        }
        if (!decoder.decode(t.packet(), pcm) && t.packet() != null) {
            undecodable++;
        }
        sink.onData(Pcm.toLittleEndian(pcm), 16, AudioFrames.SAMPLE_RATE, 1, AudioFrames.FRAME_SAMPLES);
    }

    /** Packets that were not valid 10 ms Opus (concealed instead). */
    public synchronized long undecodable() {
        return undecodable;
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
