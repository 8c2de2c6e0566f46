package dev.starling.node.media.opus;

import com.sun.jna.Pointer;
import com.sun.jna.ptr.IntByReference;
import java.util.Arrays;

/**
 * One libopus encoder for 48 kHz mono speech in 10 ms frames, in the restricted-low-delay mode
 * (CELT only, 2.5 ms look-ahead: the least delay Opus adds). Not thread-safe: one link's audio
 * pusher owns it.
 */
public final class OpusEncoder implements AutoCloseable {
    public static final int SAMPLE_RATE = 48_000;
    /** The largest packet Opus produces (RFC 6716, 3.2.1). */
    public static final int MAX_PACKET = 1275;

    private final LibOpus opus = LibOpus.load();
    private final byte[] packet = new byte[MAX_PACKET];
    private Pointer state;

    public OpusEncoder(int bitrateBps) {
        IntByReference error = new IntByReference();
        state = opus.opus_encoder_create(SAMPLE_RATE, 1, LibOpus.APPLICATION_RESTRICTED_LOWDELAY, error);
        if (state == null || error.getValue() != LibOpus.OK) {
            throw new IllegalStateException("opus_encoder_create: " + opus.opus_strerror(error.getValue()));
        }
        check(opus.opus_encoder_ctl(state, LibOpus.SET_BITRATE_REQUEST, bitrateBps), "bitrate");
        check(opus.opus_encoder_ctl(state, LibOpus.SET_COMPLEXITY_REQUEST, 5), "complexity");
    }

    /** Encodes one frame (2.5 to 60 ms of samples) and returns the packet. */
    public byte[] encode(short[] pcm) {
        if (state == null) {
            throw new IllegalStateException("encoder closed");
        }
        int n = opus.opus_encode(state, pcm, pcm.length, packet, packet.length);
        if (n < 0) {
            throw new IllegalStateException("opus_encode: " + opus.opus_strerror(n));
        }
        return Arrays.copyOf(packet, n);
    }

    private void check(int result, String what) {
        if (result != LibOpus.OK) {
            close();
            throw new IllegalStateException("opus " + what + ": " + opus.opus_strerror(result));
        }
    }

    @Override
    public void close() {
        if (state != null) {
            opus.opus_encoder_destroy(state);
            state = null;
        }
    }
}
