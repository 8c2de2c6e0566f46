package dev.starling.node.media.opus;

import com.sun.jna.Library;
import com.sun.jna.Native;
import com.sun.jna.Pointer;
import com.sun.jna.ptr.IntByReference;

/**
 * The few libopus calls Starling uses, bound through JNA to the system's {@code libopus.so.0}
 * (Debian's {@code libopus0}, which {@code ./starling test} installs). Only {@link OpusEncoder}
 * and {@link OpusDecoder} call these; they own the native state and its lifetime.
 */
interface LibOpus extends Library {
    int OK = 0;
    int APPLICATION_RESTRICTED_LOWDELAY = 2051;
    int SET_BITRATE_REQUEST = 4002;
    int SET_COMPLEXITY_REQUEST = 4010;

    Pointer opus_encoder_create(int sampleRate, int channels, int application, IntByReference error);

    int opus_encode(Pointer encoder, short[] pcm, int frameSize, byte[] data, int maxDataBytes);

    int opus_encoder_ctl(Pointer encoder, int request, Object... args);

    void opus_encoder_destroy(Pointer encoder);

    Pointer opus_decoder_create(int sampleRate, int channels, IntByReference error);

    /** {@code data} null asks for packet loss concealment of {@code frameSize} samples. */
    int opus_decode(Pointer decoder, byte[] data, int length, short[] pcm, int frameSize, int decodeFec);

    void opus_decoder_destroy(Pointer decoder);

    String opus_strerror(int error);

    String opus_get_version_string();

    /** Loads the library once per use site; throws {@link UnsatisfiedLinkError} if it is missing. */
    static LibOpus load() {
        return Holder.INSTANCE;
    }

    /** Lazy: a node that never sends datagram audio never needs libopus. */
    final class Holder {
        private static final LibOpus INSTANCE = Native.load("opus", LibOpus.class);

        private Holder() {}
    }
}
