package dev.starling.node.media.source;

import dev.starling.node.media.synthetic.Pcm;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * Reads a RIFF/WAVE file of 16-bit PCM into a 48 kHz mono {@link PcmClip}: stereo is averaged,
 * other rates are resampled linearly (good enough for a test signal; not a studio resampler).
 * Chunks other than {@code fmt } and {@code data} (LIST, fact, cue...) are skipped. Everything
 * is checked here so that a bad file fails at startup, naming the file.
 */
public final class WavReader {
    /** Ten minutes: the whole clip is held in memory (about 55 MB at this limit). */
    static final long MAX_SAMPLES = 10L * 60 * AudioFrames.SAMPLE_RATE;

    private static final long MAX_DATA_BYTES = 128L << 20;
    private static final int FORMAT_PCM = 1;
    private static final int FORMAT_EXTENSIBLE = 0xFFFE;

    private WavReader() {}

    public static PcmClip read(Path path) throws SourceUnavailableException {
        try (FileChannel ch = FileChannel.open(path, StandardOpenOption.READ)) {
            return parse(ch, path);
        } catch (IOException e) {
            throw new SourceUnavailableException("cannot read WAV file " + path + ": " + e, e);
        }
    }

    private static PcmClip parse(FileChannel ch, Path path) throws IOException, SourceUnavailableException {
        long size = ch.size();
        ByteBuffer head = read(ch, 0, 12);
        if (head.remaining() < 12
                || !tag(head, 0).equals("RIFF")
                || !tag(head, 8).equals("WAVE")) {
            throw bad(path, "not a RIFF/WAVE file");
        }
        int channels = 0;
        int rate = 0;
        long pos = 12;
        while (pos + 8 <= size) {
            ByteBuffer chunk = read(ch, pos, 8);
            String id = tag(chunk, 0);
            long length = Integer.toUnsignedLong(chunk.getInt(4));
            long body = pos + 8;
            if (id.equals("fmt ")) {
                if (length < 16 || body + length > size) {
                    throw bad(path, "fmt chunk is truncated");
                }
                ByteBuffer fmt = read(ch, body, 16);
                int format = Short.toUnsignedInt(fmt.getShort(0));
                channels = Short.toUnsignedInt(fmt.getShort(2));
                rate = fmt.getInt(4);
                int bits = Short.toUnsignedInt(fmt.getShort(14));
                if (format != FORMAT_PCM && format != FORMAT_EXTENSIBLE) {
                    throw bad(path, "compressed audio (format " + format + "); only PCM is supported");
                }
                if (bits != 16) {
                    throw bad(path, bits + "-bit samples; only 16-bit PCM is supported");
                }
                if (channels != 1 && channels != 2) {
                    throw bad(path, channels + " channels; only mono or stereo is supported");
                }
                if (rate < 8_000 || rate > 192_000) {
                    throw bad(path, "sample rate " + rate + " Hz is out of range 8000-192000");
                }
            } else if (id.equals("data")) {
                if (channels == 0) {
                    throw bad(path, "data chunk before fmt chunk");
                }
                if (body + length > size) {
                    throw bad(path, "truncated: data chunk declares " + length + " bytes, file holds " + (size - body));
                }
                long frames = length / (2L * channels);
                if (frames == 0) {
                    throw bad(path, "no audio samples");
                }
                if (frames * AudioFrames.SAMPLE_RATE / rate > MAX_SAMPLES || frames * 2 * channels > MAX_DATA_BYTES) {
                    throw bad(path, "longer than " + MAX_SAMPLES / AudioFrames.SAMPLE_RATE + " s");
                }
                short[] mono = Pcm.averageChannels(
                        bytes(read(ch, body, (int) (frames * 2 * channels))), channels, (int) frames);
                return new PcmClip(
                        rate == AudioFrames.SAMPLE_RATE ? mono : Pcm.resample(mono, rate, AudioFrames.SAMPLE_RATE));
            }
            pos = body + length + (length & 1); // chunks are word aligned
        }
        throw bad(path, channels == 0 ? "no fmt chunk" : "no data chunk");
    }

    /** What was read; a truncated file yields fewer samples, not zeros. */
    private static byte[] bytes(ByteBuffer read) {
        return java.util.Arrays.copyOf(read.array(), read.limit());
    }

    private static ByteBuffer read(FileChannel ch, long pos, int length) throws IOException {
        ByteBuffer buf = ByteBuffer.allocate(length).order(ByteOrder.LITTLE_ENDIAN);
        while (buf.hasRemaining()) {
            if (ch.read(buf, pos + buf.position()) < 0) {
                break;
            }
        }
        return buf.flip();
    }

    private static String tag(ByteBuffer buf, int at) {
        byte[] b = new byte[4];
        buf.get(at, b);
        return new String(b, StandardCharsets.ISO_8859_1);
    }

    private static SourceUnavailableException bad(Path path, String why) {
        return new SourceUnavailableException("WAV file " + path + ": " + why);
    }
}
