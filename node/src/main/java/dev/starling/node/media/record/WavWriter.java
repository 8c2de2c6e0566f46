package dev.starling.node.media.record;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.file.Path;

/**
 * Canonical 44-byte-header PCM WAV. Sizes are written as zero first and patched on close, so a
 * file cut short by a crash is still recognisable (players then read to end of file).
 */
public final class WavWriter implements AutoCloseable {
    private final RandomAccessFile file;
    private final int channels;
    private long dataBytes;
    private boolean closed;

    public WavWriter(Path path, int sampleRate, int channels) throws IOException {
        this.channels = channels;
        this.file = new RandomAccessFile(path.toFile(), "rw");
        file.setLength(0);
        int blockAlign = channels * 2;
        file.write(ascii("RIFF"));
        writeIntLe(0);
        file.write(ascii("WAVE"));
        file.write(ascii("fmt "));
        writeIntLe(16);
        writeShortLe(1); // PCM
        writeShortLe(channels);
        writeIntLe(sampleRate);
        writeIntLe(sampleRate * blockAlign);
        writeShortLe(blockAlign);
        writeShortLe(16);
        file.write(ascii("data"));
        writeIntLe(0);
    }

    public int channels() {
        return channels;
    }

    /** Interleaved little-endian 16-bit PCM, as delivered by WebRTC's audio sinks. */
    public synchronized void write(byte[] pcm16le, int offset, int length) throws IOException {
        if (closed) {
            return;
        }
        file.write(pcm16le, offset, length);
        dataBytes += length;
    }

    @Override
    public synchronized void close() throws IOException {
        if (closed) {
            return;
        }
        closed = true;
        try {
            long data = Math.min(dataBytes, 0xFFFF_FFFFL - 36);
            file.seek(4);
            writeIntLe((int) (36 + data));
            file.seek(40);
            writeIntLe((int) data);
        } finally {
            file.close();
        }
    }

    private void writeIntLe(int v) throws IOException {
        file.write(new byte[] {(byte) v, (byte) (v >>> 8), (byte) (v >>> 16), (byte) (v >>> 24)});
    }

    private void writeShortLe(int v) throws IOException {
        file.write(new byte[] {(byte) v, (byte) (v >>> 8)});
    }

    private static byte[] ascii(String s) {
        return s.getBytes(java.nio.charset.StandardCharsets.US_ASCII);
    }
}
