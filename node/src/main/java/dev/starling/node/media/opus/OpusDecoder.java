package dev.starling.node.media.opus;

import com.sun.jna.Pointer;
import com.sun.jna.ptr.IntByReference;

/**
 * One libopus decoder, 48 kHz mono. A lost packet is concealed by the decoder itself, which
 * continues the signal it has been hearing rather than dropping to silence. Not thread-safe:
 * the playout thread owns it.
 */
public final class OpusDecoder implements AutoCloseable {
    private final LibOpus opus = LibOpus.load();
    private Pointer state;

    public OpusDecoder() {
        IntByReference error = new IntByReference();
        state = opus.opus_decoder_create(OpusEncoder.SAMPLE_RATE, 1, error);
        if (state == null || error.getValue() != LibOpus.OK) {
            throw new IllegalStateException("opus_decoder_create: " + opus.opus_strerror(error.getValue()));
        }
    }

    /**
     * Decodes {@code packet} into {@code out}, or conceals a lost one when {@code packet} is null.
     *
     * @return false if the packet was not valid Opus for {@code out}'s length ({@code out} is then
     *     concealment instead)
     */
    public boolean decode(byte[] packet, short[] out) {
        if (state == null) {
            throw new IllegalStateException("decoder closed");
        }
        if (packet != null) {
            int n = opus.opus_decode(state, packet, packet.length, out, out.length, 0);
            if (n == out.length) {
                return true;
            }
        }
        int n = opus.opus_decode(state, null, 0, out, out.length, 0);
        if (n != out.length) {
            java.util.Arrays.fill(out, (short) 0);
        }
        return packet == null;
    }

    @Override
    public void close() {
        if (state != null) {
            opus.opus_decoder_destroy(state);
            state = null;
        }
    }
}
