package dev.starling.node.media.source;

import dev.starling.node.media.picture.I420Frame;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Arrays;

/**
 * A YUV4MPEG2 4:2:0 file played in a loop. Opening indexes every frame, so a malformed or
 * truncated file fails at startup, naming the file; afterwards frames are read on demand
 * (positional reads on one channel are safe from several links' threads), so long files
 * cost no memory.
 */
public final class Y4mFile implements VideoFrames, AutoCloseable {
    static final int MAX_SIZE = 4096;
    private static final int MAX_LINE = 1024;
    private static final String MAGIC = "YUV4MPEG2 ";

    private final Path path;
    private final FileChannel channel;
    private final int width;
    private final int height;
    private final int rateNum;
    private final int rateDen;
    private final long[] frameOffsets;

    private Y4mFile(Path path, FileChannel channel, int width, int height, int rateNum, int rateDen, long[] offsets) {
        this.path = path;
        this.channel = channel;
        this.width = width;
        this.height = height;
        this.rateNum = rateNum;
        this.rateDen = rateDen;
        this.frameOffsets = offsets;
    }

    public static Y4mFile open(Path path) throws SourceUnavailableException {
        FileChannel ch = null;
        try {
            ch = FileChannel.open(path, StandardOpenOption.READ);
            Y4mFile file = index(path, ch);
            ch = null;
            return file;
        } catch (IOException e) {
            throw new SourceUnavailableException("cannot read Y4M file " + path + ": " + e, e);
        } finally {
            if (ch != null) {
                try {
                    ch.close();
                } catch (IOException ignored) {
                    // already failing with a better message
                }
            }
        }
    }

    private static Y4mFile index(Path path, FileChannel ch) throws IOException, SourceUnavailableException {
        long size = ch.size();
        String header = line(ch, 0, size);
        if (header == null || !header.startsWith(MAGIC)) {
            throw bad(path, "not a YUV4MPEG2 file");
        }
        int w = -1;
        int h = -1;
        int num = -1;
        int den = -1;
        for (String p : header.substring(MAGIC.length()).split(" ")) {
            if (p.isEmpty()) {
                continue;
            }
            String value = p.substring(1);
            switch (p.charAt(0)) {
                case 'W' -> w = number(path, "width", value);
                case 'H' -> h = number(path, "height", value);
                case 'F' -> {
                    String[] parts = value.split(":");
                    if (parts.length != 2) {
                        throw bad(path, "frame rate " + value + " is not NUM:DEN");
                    }
                    num = number(path, "frame rate", parts[0]);
                    den = number(path, "frame rate", parts[1]);
                }
                case 'C' -> {
                    if (!Arrays.asList("420", "420jpeg", "420paligned", "420mpeg2")
                            .contains(value)) {
                        throw bad(path, "colour space C" + value + " is not supported; use 4:2:0 8-bit (C420jpeg)");
                    }
                }
                default -> {
                    // I (interlacing), A (aspect) and X (comments) do not change how frames are read.
                }
            }
        }
        if (w < 2 || h < 2 || w > MAX_SIZE || h > MAX_SIZE) {
            throw bad(path, "missing or unsupported size W" + w + " H" + h + " (2-" + MAX_SIZE + ")");
        }
        if (num <= 0 || den <= 0) {
            throw bad(path, "missing or invalid frame rate (F)");
        }
        double fps = (double) num / den;
        if (fps < 1 || fps > 60) {
            throw bad(path, String.format("frame rate %.2f is outside 1-60", fps));
        }
        long frameBytes = I420Frame.frameBytes(w, h);
        long pos = header.length() + 1;
        long[] offsets = new long[16];
        int count = 0;
        while (pos < size) {
            String frameLine = line(ch, pos, size);
            if (frameLine == null || !frameLine.startsWith("FRAME")) {
                throw bad(path, "frame " + count + " does not start with FRAME");
            }
            long data = pos + frameLine.length() + 1;
            if (data + frameBytes > size) {
                throw bad(
                        path,
                        "truncated: frame " + count + " needs " + frameBytes + " bytes, file holds "
                                + Math.max(0, size - data));
            }
            if (count == offsets.length) {
                offsets = Arrays.copyOf(offsets, count * 2);
            }
            offsets[count++] = data;
            pos = data + frameBytes;
        }
        if (count == 0) {
            throw bad(path, "no frames");
        }
        return new Y4mFile(path, ch, w, h, num, den, Arrays.copyOf(offsets, count));
    }

    /** The header line starting at {@code pos}, without its newline; null if there is none within limits. */
    private static String line(FileChannel ch, long pos, long size) throws IOException {
        ByteBuffer buf = ByteBuffer.allocate((int) Math.min(MAX_LINE, size - pos));
        while (buf.hasRemaining() && ch.read(buf, pos + buf.position()) >= 0) {
            // keep reading: a positional read may return fewer bytes than asked
        }
        byte[] b = Arrays.copyOf(buf.array(), buf.position());
        for (int i = 0; i < b.length; i++) {
            if (b[i] == '\n') {
                return new String(b, 0, i, StandardCharsets.US_ASCII);
            }
        }
        return null;
    }

    private static int number(Path path, String what, String text) throws SourceUnavailableException {
        try {
            return Integer.parseInt(text);
        } catch (NumberFormatException e) {
            throw bad(path, what + " '" + text + "' is not a number");
        }
    }

    private static SourceUnavailableException bad(Path path, String why) {
        return new SourceUnavailableException("Y4M file " + path + ": " + why);
    }

    public int frameCount() {
        return frameOffsets.length;
    }

    @Override
    public int width() {
        return width;
    }

    @Override
    public int height() {
        return height;
    }

    /** The file's own rate, e.g. 30000:1001 gives 33367 us. */
    @Override
    public long frameIntervalMicros() {
        return Math.round(1_000_000.0 * rateDen / rateNum);
    }

    public int roundedFps() {
        return (int) Math.max(1, Math.round((double) rateNum / rateDen));
    }

    /** Frame {@code frameIndex} modulo the frame count: the file loops. */
    @Override
    public void render(long frameIndex, I420Frame out) {
        long at = frameOffsets[(int) Math.floorMod(frameIndex, (long) frameOffsets.length)];
        try {
            at = readFully(out.y(), at);
            at = readFully(out.u(), at);
            readFully(out.v(), at);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException("reading " + path, e);
        }
    }

    private long readFully(byte[] plane, long at) throws IOException {
        ByteBuffer buf = ByteBuffer.wrap(plane);
        while (buf.hasRemaining()) {
            if (channel.read(buf, at + buf.position()) < 0) {
                throw new IOException("file shrank while playing");
            }
        }
        return at + plane.length;
    }

    @Override
    public void close() {
        try {
            channel.close();
        } catch (IOException ignored) {
            // read-only: nothing to lose
        }
    }
}
