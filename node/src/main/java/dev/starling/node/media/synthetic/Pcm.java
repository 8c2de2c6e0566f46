package dev.starling.node.media.synthetic;

/** 16-bit PCM byte-order helpers; WebRTC's audio callbacks use native (little-endian on x86) order. */
public final class Pcm {
    private Pcm() {}

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

    /** Interleaved little-endian 16-bit PCM averaged over its channels. */
    public static short[] averageChannels(byte[] data, int channels, int frames) {
        int n = Math.min(frames, data.length / (2 * channels));
        short[] out = new short[n];
        for (int i = 0; i < n; i++) {
            int sum = 0;
            for (int c = 0; c < channels; c++) {
                int at = (i * channels + c) * 2;
                sum += (short) ((data[at] & 0xFF) | (data[at + 1] << 8));
            }
            out[i] = (short) (sum / channels);
        }
        return out;
    }

    /** Linear resampling: good enough for a test signal or a voice, not a studio resampler. */
    public static short[] resample(short[] in, int fromRate, int toRate) {
        int n = (int) Math.max(1, (long) in.length * toRate / fromRate);
        short[] out = new short[n];
        double step = (double) fromRate / toRate;
        for (int i = 0; i < n; i++) {
            double at = i * step;
            int k = (int) at;
            double frac = at - k;
            int a = in[Math.min(k, in.length - 1)];
            int b = in[Math.min(k + 1, in.length - 1)];
            out[i] = (short) Math.round(a + (b - a) * frac);
        }
        return out;
    }
}
