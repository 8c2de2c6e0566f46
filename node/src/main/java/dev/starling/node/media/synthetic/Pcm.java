package dev.starling.node.media.synthetic;

/** 16-bit PCM byte-order helpers; WebRTC's audio callbacks use native (little-endian on x86) order. */
public final class Pcm {
    private Pcm() {
    }

    public static byte[] toLittleEndian(short[] samples) {
        byte[] out = new byte[samples.length * 2];
        for (int i = 0; i < samples.length; i++) {
            out[2 * i] = (byte) samples[i];
            out[2 * i + 1] = (byte) (samples[i] >> 8);
        }
        return out;
    }

    /** First channel of interleaved little-endian 16-bit PCM. */
    public static short[] firstChannel(byte[] data, int channels, int frames) {
        int n = Math.min(frames, data.length / (2 * channels));
        short[] out = new short[n];
        for (int i = 0; i < n; i++) {
            int at = i * channels * 2;
            out[i] = (short) ((data[at] & 0xFF) | (data[at + 1] << 8));
        }
        return out;
    }
}
